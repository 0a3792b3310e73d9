package io.github.fashionae.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's one JSON form: sorted keys and map entries (so equal values give equal bytes), unknown
 * properties ignored on reading (so files written by an older plugin still read). Jobs, histories, model
 * cards, evaluations, manifests and protocol payloads all use it.
 */
public final class Json {

  /** The shared mapper: sorted keys, unknown properties ignored. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {
  }

  /** {@code value} as one line of JSON. */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }

  /** {@code value} as indented JSON with a final newline: the form of every JSON file the plugin writes. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value, e);
    }
  }
}
