package io.github.fashionae.fork;

/**
 * The contract between Maven's JVM and the engine JVM it forks: the entry point, the system properties both sides
 * read, the exit statuses, and the lines the engine JVM prints on its standard output for Maven's JVM to read (one
 * per event, a marker, a kind and a JSON or text payload; everything else the JVM prints, ND4J's chatter, goes to
 * the log file). Both sides import this, neither the other's classes.
 */
public final class Protocol {

  /** The engine JVM's entry point, in the engine package. */
  public static final String MAIN_CLASS = "io.github.fashionae.engine.EngineMain";

  /** DL4J's switch for its layer helpers; M2.1 defaults it to true (helpers off). */
  public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  /** JavaCPP's choice of native build among the nd4j-native classifier jars on the classpath. */
  public static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

  /**
   * A test hook, a system property of Maven's JVM passed on to the engine JVM: halt the training JVM abruptly
   * after this epoch's checkpoint, as a kill -9 would. Not a parameter: users have no use for it.
   */
  public static final String HALT_AFTER_EPOCH_PROPERTY = "fashionae.test.haltAfterEpoch";

  /** The exit status of a run halted by the {@link #HALT_AFTER_EPOCH_PROPERTY} test hook. */
  public static final int HALTED = 3;

  /**
   * The exit status of an engine JVM whose parent went away (its standard input closed, or its parent process
   * died): a killed Maven must not leave an engine training on, as surefire's forked booter does not.
   */
  public static final int ORPHANED = 4;

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
