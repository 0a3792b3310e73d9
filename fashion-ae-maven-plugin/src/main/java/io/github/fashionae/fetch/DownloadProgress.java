package io.github.fashionae.fetch;

import io.github.fashionae.util.BuildLog;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Logs a download's progress in a few lines: at each quarter when the length is known, else every 8 MiB;
 * each line with percent, bytes and rate.
 */
final class DownloadProgress {

  private static final long UNKNOWN_LENGTH_STEP = 8L << 20;

  private final String label;
  private final long total;
  private final BuildLog log;
  private final LongSupplier nanoClock;
  private final long start;
  private long nextReport;

  DownloadProgress(String label, long total, BuildLog log, LongSupplier nanoClock) {
    this.label = label;
    this.total = total;
    this.log = log;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.nextReport = step();
  }

  /** Called as bytes arrive, with the count so far. */
  void advance(long received) {
    if (received >= nextReport && (total <= 0 || received < total)) {
      log.info(line(received));
      while (nextReport <= received) {
        nextReport += step();
      }
    }
  }

  /** Called once the whole body has arrived. */
  void finished(long received) {
    log.info(line(received));
  }

  private long step() {
    return total > 0 ? Math.max(1, total / 4) : UNKNOWN_LENGTH_STEP;
  }

  private String line(long received) {
    double seconds = Math.max(1e-3, (nanoClock.getAsLong() - start) / 1e9);
    String rate = megabytes(received / seconds) + "/s";
    if (total > 0) {
      return String.format(Locale.ROOT, "%s: %3d%% (%s of %s, %s)", label, received * 100 / total,
          megabytes(received), megabytes(total), rate);
    }
    return String.format(Locale.ROOT, "%s: %s (length unknown, %s)", label, megabytes(received), rate);
  }

  static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
