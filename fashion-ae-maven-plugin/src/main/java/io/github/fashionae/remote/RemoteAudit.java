package io.github.fashionae.remote;

import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which remote hits a build audits, by doing the step again and comparing bytes: none, a fraction of the
 * fingerprints, or the first few hits of the build. The fraction is deterministic: an entry is audited when the
 * SHA-256 of its fingerprint, read as a number in [0, 1), is below it, so every build with the same fraction audits
 * the same entries, and a larger fraction audits those and more.
 *
 * @param fraction the share of fingerprints audited, in [0, 1]; 0 with a count
 * @param count how many of a build's remote hits are audited, the first ones; 0 with a fraction
 */
public record RemoteAudit(double fraction, int count) {

  /** No audits, the default. */
  public static final RemoteAudit NONE = new RemoteAudit(0, 0);

  public RemoteAudit {
    if (!(fraction >= 0 && fraction <= 1) || count < 0 || fraction > 0 && count > 0) {
      throw new IllegalArgumentException("fraction " + fraction + " and count " + count);
    }
  }

  /**
   * The audit {@code value} asks for: a fraction with a decimal point ({@code 0.1}, {@code 1.0}: every hit) or a
   * whole count ({@code 3}); blank or {@code 0} is none.
   *
   * @throws InvalidParameterException naming {@code parameter} when it is neither
   */
  public static RemoteAudit parse(String parameter, String value) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.isEmpty() || trimmed.equals("0")) {
      return NONE;
    }
    String expected = "a fraction of the remote hits such as 0.1 (1.0 = all), or a count of them such as 3";
    try {
      if (trimmed.contains(".")) {
        double fraction = Double.parseDouble(trimmed);
        if (fraction >= 0 && fraction <= 1) {
          return new RemoteAudit(fraction, 0);
        }
      } else {
        int count = Integer.parseInt(trimmed);
        if (count >= 0) {
          return new RemoteAudit(0, count);
        }
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new InvalidParameterException(parameter, expected, "'" + value + "'");
  }

  /** False for {@link #NONE}. */
  public boolean any() {
    return fraction > 0 || count > 0;
  }

  /**
   * Whether the remote hit of {@code fingerprint} is audited; {@code taken} counts the hits this build audited so
   * far (shared by its goals), and grows when a count selects one.
   */
  public boolean selects(String fingerprint, AtomicInteger taken) {
    if (fraction > 0) {
      return position(fingerprint) < fraction;
    }
    return count > 0 && taken.getAndUpdate(n -> n < count ? n + 1 : n) < count;
  }

  /** The fingerprint's place in [0, 1): the first 52 bits of its SHA-256. */
  static double position(String fingerprint) {
    String digest = Sha256.hex(fingerprint.getBytes(StandardCharsets.US_ASCII));
    return Long.parseLong(digest.substring(0, 13), 16) / (double) (1L << 52);
  }

  /** How the audit was asked for, as the property takes it: "0.25", "3". */
  @Override
  public String toString() {
    return fraction > 0 ? String.format(Locale.ROOT, "%s", fraction) : Integer.toString(count);
  }
}
