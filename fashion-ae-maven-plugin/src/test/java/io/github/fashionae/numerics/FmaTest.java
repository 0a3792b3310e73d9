package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The software fused multiply-add gives {@link Math#fma}'s bits: on random, cancelling, tied and extreme inputs. */
class FmaTest {

  /** The exactly rounded value, by BigDecimal: the definition itself, independent of any FMA instruction. */
  private static float exact(float a, float b, float c) {
    return new BigDecimal((double) a * b).add(new BigDecimal(c)).floatValue();
  }

  @Test
  void randomProductsAndSumsAreRoundedOnce() {
    SplittableRandom random = new SplittableRandom(23);
    for (int i = 0; i < 200_000; i++) {
      float a = (float) random.nextGaussian();
      float b = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(-30, 30)));
      float c = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(-30, 30)));
      float expected = exact(a, b, c);
      assertThat(Float.floatToRawIntBits(Fma.software(a, b, c))).as("fma(%s, %s, %s)", a, b, c)
          .isEqualTo(Float.floatToRawIntBits(expected));
      assertThat(Float.floatToRawIntBits(Math.fma(a, b, c))).isEqualTo(Float.floatToRawIntBits(expected));
    }
  }

  @Test
  void sumsThatCancelOrFallOnAHalfwayPointAreRoundedOnce() {
    SplittableRandom random = new SplittableRandom(29);
    for (int i = 0; i < 200_000; i++) {
      float a = (float) random.nextGaussian();
      float b = (float) random.nextGaussian();
      // c near -a·b (cancellation), or a·b's float rounding nudged by its ulp's halves (double rounding traps)
      float product = a * b;
      float c = switch (i % 3) {
        case 0 -> -product;
        case 1 -> -product + Math.ulp(product) * 0.5f;
        default -> Math.ulp(product) * (random.nextInt(3) - 1) * 0.5f;
      };
      assertThat(Float.floatToRawIntBits(Fma.software(a, b, c))).as("fma(%s, %s, %s)", a, b, c)
          .isEqualTo(Float.floatToRawIntBits(Math.fma(a, b, c)));
    }
  }

  @Test
  void zerosInfinitiesNaNsAndSubnormalsAsMathFma() {
    float[] values = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3e-39f, 1e-20f, 7e20f};
    for (float a : values) {
      for (float b : values) {
        for (float c : values) {
          assertThat(Float.floatToRawIntBits(Fma.software(a, b, c))).as("fma(%s, %s, %s)", a, b, c)
              .isEqualTo(Float.floatToRawIntBits(Math.fma(a, b, c)));
        }
      }
    }
  }
}
