package io.github.fashionae.fork;

/**
 * The lines the engine JVM prints on its standard output for Maven's JVM to read: one per event, a marker,
 * a kind and a JSON or text payload. Everything else the JVM prints (ND4J's chatter) goes to the log file.
 */
public final class Protocol {

  /** Marks a protocol line. */
  public static final String MARKER = "##fashion-ae ";

  /** The kinds of protocol lines. */
  public enum Event {
    /** A line of text for the build log. */
    INFO,
    /** A finished epoch: an {@code EpochRecord}. */
    EPOCH,
    /** The run finished: the task's result as JSON. */
    DONE,
    /** The run failed: a message. */
    ERROR
  }

  private Protocol() {
  }

  /** The protocol line of {@code event} with {@code payload} (newlines become spaces). */
  public static String line(Event event, String payload) {
    return MARKER + event.name() + " " + payload.replace('\n', ' ');
  }
}
