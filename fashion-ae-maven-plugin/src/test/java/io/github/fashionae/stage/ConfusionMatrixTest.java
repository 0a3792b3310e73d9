package io.github.fashionae.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  /** Rows actual, columns predicted; worked out by hand below. */
  private static final long[][] COUNTS = {
      {5, 1, 0},
      {2, 3, 1},
      {0, 0, 4}};

  @Test
  void accuracyIsTheDiagonalsShare() {
    ConfusionMatrix m = ConfusionMatrix.of(COUNTS);
    assertThat(m.total()).isEqualTo(16);
    assertThat(m.accuracy()).isEqualTo(12 / 16.0);
  }

  @Test
  void precisionIsPerColumnAndRecallPerRow() {
    ConfusionMatrix m = ConfusionMatrix.of(COUNTS);
    assertThat(m.precision(0)).isCloseTo(5 / 7.0, within(1e-12));
    assertThat(m.recall(0)).isCloseTo(5 / 6.0, within(1e-12));
    assertThat(m.precision(1)).isCloseTo(3 / 4.0, within(1e-12));
    assertThat(m.recall(1)).isCloseTo(3 / 6.0, within(1e-12));
    assertThat(m.precision(2)).isCloseTo(4 / 5.0, within(1e-12));
    assertThat(m.recall(2)).isEqualTo(1.0);
    assertThat(m.f1(0)).isCloseTo(10 / 13.0, within(1e-12));
    assertThat(m.f1(1)).isCloseTo(0.6, within(1e-12));
    assertThat(m.f1(2)).isCloseTo(8 / 9.0, within(1e-12));
    assertThat(m.macroF1()).isCloseTo((10 / 13.0 + 0.6 + 8 / 9.0) / 3, within(1e-12));
    assertThat(m.support(1)).isEqualTo(6);
    assertThat(m.predicted(0)).isEqualTo(7);
  }

  @Test
  void perClassMetricsCarryTheNames() {
    List<ConfusionMatrix.ClassMetrics> metrics = ConfusionMatrix.of(COUNTS).perClass(List.of("a", "b", "c"));
    assertThat(metrics).extracting(ConfusionMatrix.ClassMetrics::name).containsExactly("a", "b", "c");
    assertThat(metrics.get(1).recall()).isEqualTo(0.5);
    assertThat(metrics.get(2).support()).isEqualTo(4);
  }

  @Test
  void aClassNeverPredictedHasPrecisionAndF1Zero() {
    ConfusionMatrix m = ConfusionMatrix.of(new long[][] {{2, 0}, {3, 0}});
    assertThat(m.precision(1)).isZero();
    assertThat(m.recall(1)).isZero();
    assertThat(m.f1(1)).isZero();
    assertThat(m.accuracy()).isEqualTo(0.4);
  }

  @Test
  void theCounterBuildsTheSameMatrix() {
    ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter(3);
    for (int actual = 0; actual < 3; actual++) {
      for (int predicted = 0; predicted < 3; predicted++) {
        for (long k = 0; k < COUNTS[actual][predicted]; k++) {
          counter.add(actual, predicted);
        }
      }
    }
    assertThat(counter.toMatrix().counts()).isDeepEqualTo(COUNTS);
  }

  @Test
  void rejectsNonSquareAndNegativeCounts() {
    assertThatThrownBy(() -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}))
        .hasMessageContaining("row 1 has 1 columns");
    assertThatThrownBy(() -> ConfusionMatrix.of(new long[][] {{1, -2}, {3, 4}}))
        .hasMessageContaining("found -2 in row 0");
  }
}
