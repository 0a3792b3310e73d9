package io.github.fashionae.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

  private static final SvgCharts.Series LINE = new SvgCharts.Series("train <loss>", new double[] {1, 2, 3},
      new double[] {0, 0.5, 1}, false);

  @Test
  void knownPointsLandOnKnownPixels() {
    // x: epochs 1..3 over pixels 70..624; y: 0..1 (ticks every 0.2) over pixels 314..14, upwards.
    String svg = SvgCharts.lineChart(new SvgCharts.LineChart("t", "epoch", "MSE", List.of(LINE)));
    assertThat(svg).contains("points=\"70.0,314.0 347.0,164.0 624.0,14.0\"");
  }

  @Test
  void axesHaveTicksLabelsAndALegend() {
    String svg = SvgCharts.lineChart(new SvgCharts.LineChart("Loss & co", "epoch", "MSE per pixel", List.of(LINE,
        new SvgCharts.Series("validation", new double[] {1, 2, 3}, new double[] {0.2, 0.4, 0.6}, true))));
    assertThat(svg).startsWith("<svg class=\"chart\" viewBox=\"0 0 640 382\"")
        .contains("<title>Loss &amp; co</title>")
        .contains(">epoch</text>").contains(">MSE per pixel</text>")
        .contains(">0.0</text>").contains(">0.2</text>").contains(">1.0</text>")
        .contains(">1</text>").contains(">2</text>").contains(">3</text>")
        .contains(">train &lt;loss&gt;</text>").contains(">validation</text>")
        .contains("stroke-dasharray=\"6 4\"")
        .endsWith("</svg>");
  }

  @Test
  void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(SvgCharts.niceStep(0.33)).isEqualTo(0.5);
    assertThat(SvgCharts.niceStep(0.2)).isEqualTo(0.2);
    assertThat(SvgCharts.niceStep(0.0031)).isEqualTo(0.005);
    assertThat(SvgCharts.niceStep(7)).isEqualTo(10);
  }

  @Test
  void aFlatSeriesStillGetsAnAxis() {
    SvgCharts.Axis axis = SvgCharts.Axis.covering(0.5, 0.5, 5, 0, 100);
    assertThat(axis.max()).isGreaterThan(axis.min());
    assertThat(axis.map(0.5)).isBetween(0.0, 100.0);
  }

  @Test
  void theHeatMapHoldsEveryCountShadedByItsRowShare() {
    String svg = SvgCharts.heatMap("cm", new long[][] {{9, 1}, {0, 10}}, List.of("T-shirt/top", "Trouser"));
    assertThat(svg).contains(">9</text>").contains(">1</text>").contains(">0</text>").contains(">10</text>")
        .contains(">T-shirt/top</text>").contains(">Trouser</text>")
        .contains("fill=\"" + SvgCharts.shade(1.0) + "\"").contains("fill=\"" + SvgCharts.shade(0.9) + "\"");
    assertThat(SvgCharts.shade(0)).isEqualTo("#ffffff");
    assertThat(SvgCharts.shade(1)).isEqualTo("#08306b");
  }
}
