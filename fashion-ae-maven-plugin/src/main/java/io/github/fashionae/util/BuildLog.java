package io.github.fashionae.util;

import java.util.function.Consumer;

/**
 * The log the plugin's logic writes to, so that the logic can run and be tested without Maven.
 * The mojos adapt Maven's {@code Log} to it.
 */
public interface BuildLog {

  void info(String message);

  void warn(String message);

  void debug(String message);

  /** An error the build is about to fail on; a warning unless the log can tell errors apart. */
  default void error(String message) {
    warn(message);
  }

  /**
   * An info line that a build says once, however many goals reach it (the quality gate's verdict, from evaluate and
   * from report): a log that knows the build drops the repeats; this default says it every time.
   */
  default void infoOnce(String message) {
    info(message);
  }

  /** This log with its info lines demoted to debug: for chatter that belongs in {@code -X} output only. */
  default BuildLog infoAsDebug() {
    BuildLog log = this;
    return new BuildLog() {
      @Override
      public void info(String message) {
        log.debug(message);
      }

      @Override
      public void warn(String message) {
        log.warn(message);
      }

      @Override
      public void debug(String message) {
        log.debug(message);
      }
    };
  }

  /** A log that sends info and warnings, as lines, to {@code lines} (warnings marked), and drops debug output. */
  static BuildLog to(Consumer<String> lines) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        lines.accept(message);
      }

      @Override
      public void warn(String message) {
        lines.accept("WARNING: " + message);
      }

      @Override
      public void debug(String message) {
      }
    };
  }

  /** A log that drops everything: for callers that do not care. */
  BuildLog SILENT = new BuildLog() {
    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
    }

    @Override
    public void debug(String message) {
    }
  };
}
