package io.github.fashionae.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Inline SVG charts for the report: line charts with axes, ticks, labels and a legend, and heat maps with
 * counts. The output depends only on the data (fixed formats, no ids drawn from a clock or a counter shared
 * between reports), so the same data gives the same bytes.
 */
public final class SvgCharts {

  /** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. */
  static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
      "#000000", "#F0E442");

  static final int WIDTH = 640;
  static final int PLOT_HEIGHT = 300;
  static final int LEFT = 70;
  static final int RIGHT = 16;
  static final int TOP = 14;
  static final int BOTTOM = 48;
  static final int LEGEND_ROW = 20;

  private SvgCharts() {
  }

  /**
   * One line of a chart.
   *
   * @param name the legend's text
   * @param xs the x values
   * @param ys the y values, as many as xs
   * @param dashed drawn dashed (e.g. a training curve beside its validation curve)
   * @param colour the palette index, or -1 for the series' position in the chart
   */
  public record Series(String name, double[] xs, double[] ys, boolean dashed, int colour) {

    /** A series coloured by its position in the chart. */
    public Series(String name, double[] xs, double[] ys, boolean dashed) {
      this(name, xs, ys, dashed, -1);
    }

    public Series {
      Objects.requireNonNull(name, "name");
      if (xs.length != ys.length) {
        throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values but " + ys.length
            + " y values");
      }
      xs = xs.clone();
      ys = ys.clone();
    }
  }

  /**
   * A line chart.
   *
   * @param title the accessible title (the figure's caption says more)
   * @param xLabel the x axis's label
   * @param yLabel the y axis's label
   * @param series the lines, drawn in order with the palette's colours
   */
  public record LineChart(String title, String xLabel, String yLabel, List<Series> series) {
    public LineChart {
      series = List.copyOf(series);
    }
  }

  /** A linear map from a data interval onto a pixel interval, with "nice" ticks. */
  record Axis(double min, double max, double step, double from, double to) {

    /** An axis covering {@code [lo, hi]} with about {@code ticks} nice ticks, drawn from pixel from to pixel to. */
    static Axis covering(double lo, double hi, int ticks, double from, double to) {
      return covering(lo, hi, ticks, from, to, false);
    }

    /** As {@link #covering(double, double, int, double, double)}; with {@code integers}, ticks at whole numbers. */
    static Axis covering(double lo, double hi, int ticks, double from, double to, boolean integers) {
      if (!(hi > lo)) {
        double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
      }
      double step = niceStep((hi - lo) / ticks);
      if (integers) {
        step = Math.max(1, step);
      }
      return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step, from, to);
    }

    double map(double value) {
      return from + (value - min) / (max - min) * (to - from);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      long first = Math.round(min / step);
      long last = Math.round(max / step);
      for (long i = first; i <= last; i++) {
        ticks.add(i * step);
      }
      return ticks;
    }

    String label(double value) {
      int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
      return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
  static double niceStep(double rough) {
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= rough * (1 - 1e-9)) {
        return factor * power;
      }
    }
    return 10 * power;
  }

  /** The chart as an {@code <svg>} element that scales to its container's width. */
  public static String lineChart(LineChart chart) {
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (Series s : chart.series()) {
      for (int i = 0; i < s.xs().length; i++) {
        xlo = Math.min(xlo, s.xs()[i]);
        xhi = Math.max(xhi, s.xs()[i]);
        ylo = Math.min(ylo, s.ys()[i]);
        yhi = Math.max(yhi, s.ys()[i]);
      }
    }
    if (xlo > xhi) {
      xlo = 0;
      xhi = 1;
      ylo = 0;
      yhi = 1;
    }
    int legendRows = (chart.series().size() + 1) / 2;
    int height = TOP + PLOT_HEIGHT + BOTTOM + legendRows * LEGEND_ROW;
    boolean integral = chart.series().stream().flatMapToDouble(s -> Arrays.stream(s.xs()))
        .allMatch(v -> v == Math.rint(v));
    Axis x = Axis.covering(xlo, xhi, 6, LEFT, WIDTH - RIGHT, integral);
    Axis y = Axis.covering(ylo, yhi, 5, TOP + PLOT_HEIGHT, TOP);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
        + "xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>%n", WIDTH, height, Html.escape(chart.title())));
    // grid and ticks
    for (double tick : y.ticks()) {
      double py = y.map(tick);
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
          + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, py, WIDTH - RIGHT, py,
          LEFT - 6, py + 4, y.label(tick)));
    }
    for (double tick : x.ticks()) {
      double px = x.map(tick);
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
          + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP, px,
          TOP + PLOT_HEIGHT, px, TOP + PLOT_HEIGHT + 16, x.label(tick)));
    }
    svg.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n",
        LEFT, TOP, WIDTH - RIGHT - LEFT, PLOT_HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        (LEFT + WIDTH - RIGHT) / 2, TOP + PLOT_HEIGHT + 36, Html.escape(chart.xLabel())));
    svg.append(String.format(Locale.ROOT, "<text class=\"axis\" transform=\"translate(16 %d) rotate(-90)\" "
        + "text-anchor=\"middle\">%s</text>%n", TOP + PLOT_HEIGHT / 2, Html.escape(chart.yLabel())));
    // lines and legend
    for (int i = 0; i < chart.series().size(); i++) {
      Series s = chart.series().get(i);
      String colour = PALETTE.get((s.colour() < 0 ? i : s.colour()) % PALETTE.size());
      String dash = s.dashed() ? " stroke-dasharray=\"6 4\"" : "";
      svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s points=\"%s\"/>%n", colour, dash, points(s, x, y)));
      int row = i / 2;
      int column = i % 2;
      int lx = LEFT + column * (WIDTH - LEFT) / 2;
      int ly = TOP + PLOT_HEIGHT + BOTTOM + row * LEGEND_ROW + 4;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s/><text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, lx + 28, ly, colour,
          dash, lx + 34, ly + 4, Html.escape(s.name())));
    }
    svg.append("</svg>");
    return svg.toString();
  }

  /** The polyline's points attribute: "x,y x,y ...", one decimal. */
  static String points(Series s, Axis x, Axis y) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < s.xs().length; i++) {
      if (i > 0) {
        points.append(' ');
      }
      points.append(String.format(Locale.ROOT, "%.1f,%.1f", x.map(s.xs()[i]), y.map(s.ys()[i])));
    }
    return points.toString();
  }

  /**
   * A confusion matrix as a heat map: one cell per (actual, predicted) pair holding its count, shaded by the
   * count's share of its row (the recall on the diagonal).
   */
  public static String heatMap(String title, long[][] counts, List<String> names) {
    int n = counts.length;
    int cell = 40;
    int left = 104;
    int top = 30;
    int bottom = 96;
    int width = left + n * cell + 10;
    int height = top + n * cell + bottom;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg class=\"heatmap\" viewBox=\"0 0 %d %d\" role=\"img\" "
        + "xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>%n", width, height, Html.escape(title)));
    svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"16\" text-anchor=\"middle\">actual "
        + "class (rows) / predicted class (columns)</text>%n", left + n * cell / 2));
    for (int row = 0; row < n; row++) {
      long total = 0;
      for (long count : counts[row]) {
        total += count;
      }
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          left - 6, top + row * cell + cell / 2 + 4, Html.escape(names.get(row))));
      for (int column = 0; column < n; column++) {
        double share = total == 0 ? 0 : (double) counts[row][column] / total;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                + "stroke=\"#ffffff\"/><text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d"
                + "</text>%n", left + column * cell, top + row * cell, cell, cell, shade(share),
            share > 0.45 ? "count light" : "count", left + column * cell + cell / 2, top + row * cell + cell / 2 + 4,
            counts[row][column]));
      }
    }
    for (int column = 0; column < n; column++) {
      int x = left + column * cell + cell / 2;
      int y = top + n * cell + 8;
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%d %d) rotate(-50)\" "
          + "text-anchor=\"end\">%s</text>%n", x, y + 4, Html.escape(names.get(column))));
    }
    svg.append("</svg>");
    return svg.toString();
  }

  /** White for 0 to dark blue for 1. */
  static String shade(double share) {
    double t = Math.max(0, Math.min(1, share));
    int r = (int) Math.round(255 + (8 - 255) * t);
    int g = (int) Math.round(255 + (48 - 255) * t);
    int b = (int) Math.round(255 + (107 - 255) * t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }
}
