package io.github.fashionae.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** McNemar's exact test against worked examples and exact rational arithmetic. */
class McNemarTest {

  @Test
  void aWorkedExampleByHand() {
    // 14 discordant images, 11 the release's, 3 the build's: P(X <= 3) = (1 + 14 + 91 + 364) / 2^14 = 470 / 16384
    McNemar test = new McNemar(11, 3);

    assertThat(test.discordant()).isEqualTo(14);
    assertThat(test.secondWorse()).isCloseTo(470.0 / 16384, within(1e-12));
    assertThat(test.twoSided()).isCloseTo(940.0 / 16384, within(1e-12));
    // the other way round the build is better: P(X <= 11) = 1 - P(X >= 12) = 1 - (91 + 14 + 1) / 16384
    assertThat(new McNemar(3, 11).secondWorse()).isCloseTo(1 - 106.0 / 16384, within(1e-12));
  }

  @Test
  void noDisagreementOrAnEvenSplitIsNoEvidence() {
    assertThat(new McNemar(0, 0).twoSided()).isEqualTo(1.0);
    assertThat(new McNemar(0, 0).secondWorse()).isEqualTo(1.0);
    assertThat(new McNemar(5, 5).twoSided()).isEqualTo(1.0); // 2 * 638/1024 > 1
    assertThatThrownBy(() -> new McNemar(-1, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agreesWithExactRationalArithmeticOverSmallAndLargeCounts() {
    for (int[] counts : List.of(new int[] {11, 3}, new int[] {0, 7}, new int[] {40, 25}, new int[] {300, 250},
        new int[] {612, 540}, new int[] {1500, 1400}, new int[] {2, 900})) {
      McNemar test = new McNemar(counts[0], counts[1]);
      double exactWorse = exactLowerTail(test.discordant(), counts[1]);
      double exactTwoSided = Math.min(1.0, 2 * exactLowerTail(test.discordant(), Math.min(counts[0], counts[1])));
      assertThat(test.secondWorse()).as("%s", List.of(counts[0], counts[1]))
          .isCloseTo(exactWorse, within(Math.max(1e-300, exactWorse * 1e-10)));
      assertThat(test.twoSided()).as("%s", List.of(counts[0], counts[1]))
          .isCloseTo(exactTwoSided, within(Math.max(1e-300, exactTwoSided * 1e-10)));
    }
  }

  /** P(X <= x), X ~ binomial(n, 1/2), as an exact fraction rounded once. */
  private static double exactLowerTail(int n, int x) {
    BigInteger sum = BigInteger.ZERO;
    BigInteger choose = BigInteger.ONE;
    for (int i = 0; i <= Math.min(x, n); i++) {
      sum = sum.add(choose);
      choose = choose.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return new BigDecimal(sum).divide(new BigDecimal(BigInteger.TWO.pow(n)), MathContext.DECIMAL128).doubleValue();
  }
}
