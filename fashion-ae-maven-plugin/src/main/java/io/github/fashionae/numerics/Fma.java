package io.github.fashionae.numerics;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The exactly rounded fused multiply-add of floats, {@code a·b + c} rounded once, as {@link Math#fma(float, float,
 * float)}: with the CPU's FMA instruction where the JVM uses one, and otherwise by a few double operations, because
 * the JDK's own fallback (a {@code BigDecimal} per call) would make training on such a JVM ({@code -XX:UseAVX=0},
 * {@code -XX:-UseFMA}, a CPU without FMA) hundreds of times slower. Both give the same bits ({@code FmaTest}).
 *
 * <p>The fallback: the product of two floats is exact in a double (24 + 24 significant bits of 53), its sum with
 * {@code c} is rounded to nearest with its exact error (Knuth's TwoSum), and the sum is turned into its rounding
 * <em>to odd</em> (truncated, with the last bit set where it was inexact). A double rounded to odd and then to float
 * gives the float nearest the exact value, since 53 ≥ 2·24 + 2 (Boldo and Melquiond, 2008).
 */
public final class Fma {

  /** True when this JVM runs {@link Math#fma} as the CPU's instruction ({@code -XX:+UseFMA}, its default there). */
  public static final boolean HARDWARE = hardware();

  private Fma() {
  }

  /** {@code a·b + c} rounded once to float, as {@link Math#fma(float, float, float)}. */
  public static float fma(float a, float b, float c) {
    return HARDWARE ? Math.fma(a, b, c) : software(a, b, c);
  }

  /** {@code a·b + c} rounded once, by double operations only (see the class's note). */
  static float software(float a, float b, float c) {
    if (!Float.isFinite(a) || !Float.isFinite(b) || !Float.isFinite(c) || a == 0 || b == 0) {
      return Math.fma(a, b, c); // rare: the JDK's own slow path; a zero product is a plain sum, rounded once
    }
    double product = (double) a * b; // exact
    double addend = c;
    double sum = product + addend;
    // TwoSum: the exact error of the rounded sum, sum + error = product + addend
    double virtualAddend = sum - product;
    double error = (product - (sum - virtualAddend)) + (addend - virtualAddend);
    if (error != 0) {
      // the truncation of the exact value: sum itself where the exact value lies beyond it (away from zero),
      // else its neighbour toward zero; then the last bit set
      double truncated = (error > 0) == (sum > 0) ? sum : (sum > 0 ? Math.nextDown(sum) : Math.nextUp(sum));
      sum = Double.longBitsToDouble(Double.doubleToRawLongBits(truncated) | 1L);
    }
    return (float) sum;
  }

  private static boolean hardware() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot == null || Boolean.parseBoolean(hotspot.getVMOption("UseFMA").getValue());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return true; // a JVM without the flag: assume the intrinsic (the bits are the same either way)
    }
  }
}
