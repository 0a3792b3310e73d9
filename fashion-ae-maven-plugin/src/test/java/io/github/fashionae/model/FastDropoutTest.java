package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FastDropoutTest {

  private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();
  private static final float SCALE = (float) (1 / 0.8);

  private static INDArray apply(FastDropout dropout, INDArray input, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return dropout.applyDropout(input, Nd4j.createUninitialized(DataType.FLOAT, input.shape(), 'c'), 0, 0,
        NO_WORKSPACES);
  }

  private static double fraction(INDArray condition) {
    return condition.castTo(DataType.DOUBLE).meanNumber().doubleValue();
  }

  @Test
  void dropsAboutOneMinusRetainAndScalesWhatItKeepsByTheFloatInverse() {
    INDArray ones = Nd4j.ones(DataType.FLOAT, 50, 16, 26, 26);

    INDArray out = apply(new FastDropout(0.8), ones, 1);

    // 540,800 Bernoulli(0.2) draws: the standard deviation of the fraction is 0.00054
    assertThat(fraction(out.eq(0))).isBetween(0.197, 0.203);
    assertThat(fraction(out.eq(0)) + fraction(out.eq(SCALE))).isCloseTo(1.0, Offset.offset(1e-12));
    assertThat(new FastDropout(0.5).retain()).isEqualTo(0.5);
  }

  @Test
  void backpropagationUsesTheForwardPassMask() {
    FastDropout dropout = new FastDropout(0.8);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 5, 7).addi(0.1);
    INDArray out = apply(dropout, x, 2);
    INDArray gradient = Nd4j.ones(DataType.FLOAT, 8, 3, 5, 7);

    INDArray back = dropout.backprop(gradient, gradient, 0, 0);

    assertThat(back).isSameAs(gradient);
    assertThat(back.eq(0)).isEqualTo(out.eq(0));
    assertThat(fraction(back.eq(0)) + fraction(back.eq(SCALE))).isCloseTo(1.0, Offset.offset(1e-12));
    assertThat(out.sub(x.mul(back)).amaxNumber().doubleValue()).isZero();
  }

  @Test
  void theMaskIsAFunctionOfNd4jsSeed() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 1000);
    FastDropout dropout = new FastDropout(0.8);

    INDArray first = apply(dropout, x, 3);
    INDArray again = apply(dropout, x, 3);
    INDArray other = apply(dropout, x, 4);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    // without re-seeding, each call draws a new mask
    INDArray next = dropout.applyDropout(x, Nd4j.createUninitialized(DataType.FLOAT, 1000), 0, 0, NO_WORKSPACES);
    assertThat(next).isNotEqualTo(other);
  }

  @Test
  void viewsOtherOrdersAndInPlaceCallsGiveTheSameValues() {
    INDArray big = Nd4j.rand(DataType.FLOAT, 10, 130);
    INDArray rows = big.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all());
    FastDropout dropout = new FastDropout(0.7);
    INDArray expected = apply(dropout, rows.dup(), 5);

    assertThat(apply(dropout, rows, 5)).isEqualTo(expected);
    assertThat(apply(dropout, rows.dup('f'), 5)).isEqualTo(expected);
    INDArray target = Nd4j.zeros(DataType.FLOAT, 10, 130);
    INDArray targetRows = target.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all());
    Nd4j.getRandom().setSeed(5);
    dropout.applyDropout(rows, targetRows, 0, 0, NO_WORKSPACES);
    assertThat(targetRows).isEqualTo(expected);
    assertThat(target.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()).sumNumber().doubleValue()).isZero();
    INDArray inPlace = rows.dup();
    Nd4j.getRandom().setSeed(5);
    assertThat(dropout.applyDropout(inPlace, inPlace, 0, 0, NO_WORKSPACES)).isEqualTo(expected);
  }

  @Test
  void lengthsThatAreNoMultipleOf64AreHandledToTheLastValue() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 43).addi(1);
    FastDropout dropout = new FastDropout(0.5);

    INDArray all = apply(new FastDropout(1.0), x, 6);
    INDArray some = apply(dropout, x, 6);
    INDArray gradient = Nd4j.ones(DataType.FLOAT, 3, 43);
    INDArray back = dropout.backprop(gradient, gradient, 0, 0);

    assertThat(all).isEqualTo(x);
    // the last 1 of 129 values (two 64-bit words and one bit) is dropped or kept and scaled, forward and back
    for (int i = 0; i < 129; i++) {
      float kept = back.getFloat(i);
      assertThat(kept).as("value %d", i).isIn(0f, 2f);
      assertThat(some.getFloat(i)).as("value %d", i).isEqualTo(x.getFloat(i) * kept);
    }
    double dropped = fraction(some.eq(0));
    assertThat(dropped).isBetween(0.3, 0.7);
  }

  @Test
  void aProbabilityOutsideZeroToOneIsRejected() {
    for (double retain : new double[] {0, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> new FastDropout(retain)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("retain: expected a probability in (0, 1], found " + retain);
    }
  }

  @Test
  void backpropagationWithoutAForwardPassIsAnError() {
    INDArray gradient = Nd4j.ones(DataType.FLOAT, 4);

    assertThatThrownBy(() -> new FastDropout(0.8).backprop(gradient, gradient, 0, 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a matching forward pass");
  }
}
