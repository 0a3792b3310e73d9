package io.github.fashionae.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The lines the training JVM prints on its standard output for the plugin to read: one per event, a marker,
 * a kind and a JSON or text payload. Everything else the JVM prints (ND4J's chatter) goes to the log file.
 */
public final class TrainingProtocol {

  /** Marks a protocol line. */
  public static final String MARKER = "##fashion-ae ";

  /** JSON with sorted keys: the form of jobs, histories and protocol payloads. */
  public static final ObjectMapper JSON = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The kinds of protocol lines. */
  public enum Event {
    /** A line of text for the build log. */
    INFO,
    /** A finished epoch: an {@link EpochRecord}. */
    EPOCH,
    /** The run finished: a {@link TrainingSummary}. */
    DONE,
    /** The run failed: a message. */
    ERROR
  }

  private TrainingProtocol() {
  }

  public static String line(Event event, String payload) {
    return MARKER + event.name() + " " + payload.replace('\n', ' ');
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }

  public static String prettyJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }
}
