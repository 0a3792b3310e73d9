package io.github.fashionae.util;

import java.util.Locale;

/** Durations for log lines: "42.1 s", "5m12s", "1h05m". */
public final class Durations {

  private Durations() {
  }

  public static String format(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
