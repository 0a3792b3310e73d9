package io.github.fashionae.report;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.evaluation.Metric;
import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.evaluation.ReleaseComparison;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.ConfusionMatrix;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.TrainingSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Renders the study's report as one self-contained HTML page: inline CSS, inline SVG charts, images as PNG
 * data URIs, no script and nothing fetched. The bytes depend only on the {@link ReportData}.
 */
public final class ReportRenderer {

  static final String CSS = """
      :root { color-scheme: light; }
      body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
        background: #ffffff; }
      main { max-width: 980px; margin: 0 auto; padding: 16px; }
      h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
      h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d0d0; padding-bottom: 0.2rem; }
      h3 { font-size: 1.1rem; margin-top: 1.5rem; }
      figure { margin: 1rem 0 1.5rem; }
      figcaption { font-size: 0.92rem; color: #333333; margin-top: 0.4rem; }
      .chart, .heatmap { display: block; width: 100%; height: auto; max-width: 720px; }
      .heatmap { max-width: 560px; }
      .chart .grid { stroke: #e3e3e3; stroke-width: 1; }
      .chart .frame { fill: none; stroke: #8a8a8a; stroke-width: 1; }
      svg text { font-family: system-ui, sans-serif; fill: #1a1a1a; }
      svg .tick { font-size: 12px; }
      svg .axis { font-size: 14px; }
      svg .legend { font-size: 13px; }
      svg .count { font-size: 12px; }
      svg .light { fill: #ffffff; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; font-size: 0.92rem; margin: 0.5rem 0; }
      th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
      th { background: #f2f2f2; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem; word-break: break-all; }
      .images { display: grid; grid-template-columns: 5.5rem repeat(10, minmax(0, 1fr)); gap: 4px; align-items: center;
        max-width: 720px; }
      .images img { width: 100%; max-width: 64px; image-rendering: pixelated; border: 1px solid #c8c8c8; }
      .images .name { font-size: 0.72rem; overflow-wrap: anywhere; }
      .images .row { font-size: 0.8rem; font-weight: 600; }
      .pass { color: #0a6b2d; font-weight: 600; }
      .fail { color: #b00020; font-weight: 600; }
      nav ol { padding-left: 1.4rem; }
      @media (max-width: 600px) {
        main { padding: 10px; }
        .images { grid-template-columns: repeat(5, minmax(0, 1fr)); }
        .images .row { grid-column: 1 / -1; }
      }
      """;

  private final ReportData data;
  private final List<String[]> toc = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();

  private ReportRenderer(ReportData data) {
    this.data = data;
  }

  /** The page for {@code data}. */
  public static String render(ReportData data) {
    return new ReportRenderer(data).page();
  }

  private String page() {
    summary();
    gate();
    if (data.release() != null) {
      release(data.release());
    }
    List<ReportData.Stage> baseline = data.stages().stream().filter(s -> s.experiment() == null).toList();
    List<ReportData.Stage> autoencoders = baseline.stream().filter(ReportData.Stage::autoencoder).toList();
    for (ReportData.Stage stage : autoencoders) {
      autoencoder(stage, autoencoders.size() == 1 || stage.name().equals("autoencoder"));
    }
    for (ReportData.Stage stage : baseline) {
      if (!stage.autoencoder()) {
        classifier(stage);
      }
    }
    classifiersCompared(baseline);
    if (data.stages().stream().anyMatch(s -> s.experiment() != null)) {
      experiments();
    }
    reproducibility();
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(data.title())).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(Html.escape(data.title())).append("</h1>\n<p>")
        .append(Html.escape(data.generator()))
        .append(data.date() == null ? "" : ", build of " + Html.escape(data.date())).append(". Fashion-MNIST, ")
        .append("convolutional autoencoder and classifier, after the study in the project's STUDY.md.</p>\n")
        .append("<nav aria-label=\"Contents\"><h2 id=\"contents\">Contents</h2>\n<ol>\n");
    for (String[] entry : toc) {
      page.append("<li><a href=\"#").append(entry[0]).append("\">").append(Html.escape(entry[1]))
          .append("</a></li>\n");
    }
    page.append("</ol>\n</nav>\n").append(body).append("</main>\n</body>\n</html>\n");
    return page.toString();
  }

  private void section(String id, String title) {
    toc.add(new String[] {id, title});
    body.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(title)).append("</h2>\n");
  }

  private void endSection() {
    body.append("</section>\n");
  }

  private void summary() {
    section("summary", "Summary");
    body.append("<div class=\"scroll\"><table>\n<tr><th>Stage</th><th>Epochs</th><th>Train loss (dropout on / off)"
        + "</th><th>Validation loss</th><th>Validation accuracy</th><th>Test</th></tr>\n");
    for (ReportData.Stage stage : data.stages()) {
      EpochRecord last = stage.history().last();
      body.append("<tr><td><a href=\"#").append(anchor(stage)).append("\">").append(Html.escape(stage.name()))
          .append("</a></td><td class=\"num\">").append(last.epoch()).append("</td><td class=\"num\">")
          .append(loss(stage, last.trainLoss())).append(" / ").append(loss(stage, last.trainLossEval()))
          .append("</td><td class=\"num\">").append(loss(stage, last.validationLoss())).append("</td><td class=\"num\">")
          .append(last.validationAccuracy() == null ? "–" : fixed(last.validationAccuracy(), 4))
          .append("</td><td>").append(Html.escape(testSummary(stage))).append("</td></tr>\n");
    }
    body.append("</table></div>\n<p>Losses: per-pixel mean squared error (MSE) for the autoencoder, mean "
        + "cross-entropy for the classifiers. \"Dropout on\" is the loss as optimized, averaged over each epoch's "
        + "minibatches; \"off\" is the same data measured after the epoch in evaluation mode.</p>\n"
        + "<p>Training times are measurements of the machine that trained, not of the build's inputs, so this page, "
        + "the same bytes for the same inputs, leaves them out: they are in <a href=\"" + Reports.TIMINGS + "\">"
        + Reports.TIMINGS + "</a> beside it, and in the build log.</p>\n");
    endSection();
  }

  private static String testSummary(ReportData.Stage stage) {
    StageEvaluation e = stage.evaluation();
    if (e == null) {
      return "not evaluated";
    }
    if (e.mse() != null) {
      return "MSE " + fixed(e.mse(), 5);
    }
    return "accuracy " + fixed(e.accuracy(), 4) + ", cross-entropy " + fixed(e.crossEntropy(), 4) + ", macro F1 "
        + fixed(e.macroF1(), 4);
  }

  private void gate() {
    section("quality-gate", "Quality gate");
    GateResult gate = data.gate();
    if (gate == null) {
      body.append("<p>The evaluate goal did not run, so no quality gate was checked.</p>\n");
    } else {
      body.append("<p class=\"").append(gate.violations() == 0 ? "pass" : "fail").append("\">Quality gate: ")
          .append(Html.escape(gate.summary())).append(gate.violations() > 0 && !gate.haltOnFailure()
              ? " (haltOnFailure is false, so the build went on)" : "").append(".</p>\n");
      if (!gate.verdicts().isEmpty()) {
        body.append("<ul>\n");
        for (QualityGate.Verdict verdict : gate.verdicts()) {
          body.append("<li><span class=\"").append(verdict.passed() ? "pass\">pass" : "fail\">FAIL")
              .append("</span> ").append(Html.escape(verdict.message())).append("</li>\n");
        }
        body.append("</ul>\n");
      }
    }
    endSection();
  }

  /** This build beside a release: metrics and deltas, per-class recall deltas, confusion differences, agreement. */
  private void release(ReleaseComparison release) {
    section("release", "Against the release " + release.release());
    body.append("<p>This build's stages beside those of the release ").append(Html.escape(release.release()))
        .append(", both measured on the same ").append(String.format(Locale.ROOT, "%,d",
            release.stages().get(0).build().testExamples()))
        .append(" test images by this build's engine. A positive change is this build's value minus the "
            + "release's; <span class=\"pass\">better</span> or <span class=\"fail\">worse</span> in the metric's "
            + "direction.</p>\n");
    body.append("<div class=\"scroll\"><table>\n<caption>Test metrics</caption>\n<tr><th>Stage</th><th>Metric</th>"
        + "<th>This build</th><th>Release</th><th>Change</th></tr>\n");
    for (ReleaseComparison.Stage stage : release.stages()) {
      for (Metric metric : Metric.values()) {
        if (metric.kind() != stage.build().kind()) {
          continue;
        }
        double mine = metric.of(stage.build()).orElseThrow();
        double theirs = metric.of(stage.released()).orElseThrow();
        int decimals = metric == Metric.MSE ? 5 : 4;
        boolean better = metric.higherIsBetter() ? mine > theirs : mine < theirs;
        boolean worse = metric.higherIsBetter() ? mine < theirs : mine > theirs;
        body.append("<tr><td>").append(Html.escape(stage.stage())).append("</td><td>").append(metric.label())
            .append("</td><td class=\"num\">").append(fixed(mine, decimals)).append("</td><td class=\"num\">")
            .append(fixed(theirs, decimals)).append("</td><td class=\"num").append(better ? " pass" : worse
                ? " fail" : "").append("\">").append(signed(mine - theirs, decimals)).append("</td></tr>\n");
      }
    }
    body.append("</table></div>\n");
    for (ReleaseComparison.Stage stage : release.stages()) {
      ReleaseComparison.Agreement a = stage.agreement();
      if (a == null) {
        continue;
      }
      body.append("<h3>").append(Html.escape(stage.stage())).append(": image by image</h3>\n");
      body.append("<div class=\"scroll\"><table>\n<caption>Test images each model classifies correctly</caption>\n"
          + "<tr><th></th><th>Release right</th><th>Release wrong</th></tr>\n<tr><th>This build right</th>"
          + "<td class=\"num\">").append(a.bothRight()).append("</td><td class=\"num\">").append(a.buildOnly())
          .append("</td></tr>\n<tr><th>This build wrong</th><td class=\"num\">").append(a.releaseOnly())
          .append("</td><td class=\"num\">").append(a.bothWrong()).append("</td></tr>\n</table></div>\n");
      body.append("<p>The two models give the same class for ").append(String.format(Locale.ROOT, "%,d",
              a.samePrediction())).append(" images and differ on ").append(String.format(Locale.ROOT, "%,d",
              stage.build().testExamples() - a.samePrediction())).append(". McNemar's exact test on the ")
          .append(a.releaseOnly() + a.buildOnly()).append(" images exactly one of them gets right: p = ")
          .append(String.format(Locale.ROOT, "%.4g", a.pTwoSided())).append(" (two-sided), p = ")
          .append(String.format(Locale.ROOT, "%.4g", a.pBuildWorse())).append(" that this build is worse "
              + "(one-sided). A small p says the difference is not noise.</p>\n");
      body.append("<div class=\"scroll\"><table>\n<caption>Per-class recall (the share of each class classified "
          + "correctly)</caption>\n<tr><th>Class</th><th>This build</th><th>Release</th><th>Change</th></tr>\n");
      for (int c = 0; c < stage.build().perClass().size(); c++) {
        ConfusionMatrix.ClassMetrics mine = stage.build().perClass().get(c);
        double theirs = stage.released().perClass().get(c).recall();
        body.append("<tr><td>").append(mine.label()).append(' ').append(Html.escape(mine.name()))
            .append("</td><td class=\"num\">").append(fixed(mine.recall(), 4)).append("</td><td class=\"num\">")
            .append(fixed(theirs, 4)).append("</td><td class=\"num").append(mine.recall() > theirs ? " pass"
                : mine.recall() < theirs ? " fail" : "").append("\">").append(signed(mine.recall() - theirs, 4))
            .append("</td></tr>\n");
      }
      body.append("</table></div>\n");
      long[][] mine = stage.build().confusionMatrix();
      long[][] theirs = stage.released().confusionMatrix();
      body.append("<div class=\"scroll\"><table>\n<caption>Confusion matrix, this build's counts minus the "
          + "release's: rows actual classes, columns predicted ones</caption>\n<tr><th></th>");
      for (int c = 0; c < mine.length; c++) {
        body.append("<th>").append(c).append("</th>");
      }
      body.append("</tr>\n");
      for (int row = 0; row < mine.length; row++) {
        body.append("<tr><th>").append(row).append(' ').append(Html.escape(FashionMnist.CLASS_NAMES.get(row)))
            .append("</th>");
        for (int column = 0; column < mine.length; column++) {
          long change = mine[row][column] - theirs[row][column];
          boolean good = row == column ? change > 0 : change < 0;
          body.append("<td class=\"num").append(change == 0 ? "" : good ? " pass" : " fail").append("\">")
              .append(change == 0 ? "0" : String.format(Locale.ROOT, "%+d", change)).append("</td>");
        }
        body.append("</tr>\n");
      }
      body.append("</table></div>\n");
    }
    endSection();
  }

  /** A change with its sign: "+0.0012", "-0.0300", "0.0000". */
  static String signed(double value, int decimals) {
    String text = fixed(Math.abs(value), decimals);
    return value > 0 && !text.matches("[0.]+") ? "+" + text : value < 0 && !text.matches("[0.]+") ? "-" + text
        : text;
  }

  private void autoencoder(ReportData.Stage stage, boolean baseline) {
    TrainingSummary history = stage.history();
    String caption = autoencoderCaption(history);
    section(anchor(stage), baseline ? "Autoencoder (Figs. 1 and 2)" : "Autoencoder " + stage.name());
    StageEvaluation evaluation = stage.evaluation();
    if (evaluation != null && !evaluation.samples().isEmpty()) {
      body.append("<figure>\n");
      images(List.of("original", "untrained"), evaluation.samples(),
          List.of(StageEvaluation.Sample::original, StageEvaluation.Sample::untrained));
      body.append("<figcaption>").append(baseline ? "Fig. 1. " : "").append("Reconstructions by the untrained "
          + "autoencoder (weights as initialised from the seed, before any training): the first test image of each "
          + "class above its reconstruction. ").append(Html.escape(caption)).append("</figcaption>\n</figure>\n");
    }
    body.append("<figure>\n").append(SvgCharts.lineChart(new SvgCharts.LineChart(stage.name() + ": MSE per epoch",
        "epoch", "MSE per pixel", List.of(
            series("train (dropout on)", history, EpochRecord::trainLoss, true),
            series("train (evaluation mode)", history, EpochRecord::trainLossEval, true),
            series("validation", history, EpochRecord::validationLoss, false)))))
        .append("\n<figcaption>").append(baseline ? "Fig. 2a. " : "").append("Training and validation MSE per epoch. ")
        .append(Html.escape(caption)).append("</figcaption>\n</figure>\n");
    if (evaluation != null && !evaluation.samples().isEmpty()) {
      body.append("<figure>\n");
      images(List.of("original", "trained"), evaluation.samples(),
          List.of(StageEvaluation.Sample::original, StageEvaluation.Sample::reconstruction));
      body.append("<figcaption>").append(baseline ? "Fig. 2b. " : "").append("Test images (above) and their "
          + "reconstructions by the trained autoencoder (below); test MSE ").append(fixed(evaluation.mse(), 5))
          .append(" over ").append(String.format(Locale.ROOT, "%,d", evaluation.testExamples()))
          .append(" test images.</figcaption>\n</figure>\n");
    } else {
      body.append("<p>No test evaluation: run the evaluate goal for the reconstructions and the test MSE.</p>\n");
    }
    endSection();
  }

  private void images(List<String> rows, List<StageEvaluation.Sample> samples,
                      List<Function<StageEvaluation.Sample, String>> pixels) {
    body.append("<div class=\"images\">\n<span class=\"row\"></span>");
    for (StageEvaluation.Sample sample : samples) {
      body.append("<span class=\"name\">").append(Html.escape(sample.className())).append("</span>");
    }
    body.append('\n');
    for (int r = 0; r < rows.size(); r++) {
      body.append("<span class=\"row\">").append(Html.escape(rows.get(r))).append("</span>");
      for (StageEvaluation.Sample sample : samples) {
        body.append("<img width=\"28\" height=\"28\" alt=\"").append(Html.escape(sample.className() + ", "
            + rows.get(r))).append("\" src=\"").append(GrayPng.dataUri(pixels.get(r).apply(sample),
            FashionMnist.COLUMNS, FashionMnist.ROWS)).append("\">");
      }
      body.append('\n');
    }
    body.append("</div>\n");
  }

  private void classifier(ReportData.Stage stage) {
    TrainingSummary history = stage.history();
    boolean frozen = history.spec() instanceof ClassifierStage classifier && classifier.mode() == ClassifierMode.FROZEN;
    boolean study = stage.name().equals("classifier-finetune") || stage.name().equals("classifier-frozen");
    String[] figures = !study ? new String[] {"", ""} : frozen ? new String[] {"Fig. 9. ", "Fig. 10. "}
        : new String[] {"Fig. 7. ", "Fig. 8. "};
    String title = "Classifier, " + (frozen ? "frozen encoder" : "fine-tuned encoder")
        + (study ? (frozen ? " (Figs. 9 and 10)" : " (Figs. 7 and 8)") : " (" + stage.name() + ")");
    String caption = (frozen ? "The trained encoder, frozen, with a linear softmax head (only the head trains). "
        : "The trained encoder with a linear softmax head, all layers trained (fine-tuned). ")
        + hyperparameters(history.spec().settings()) + "; " + examples(history) + ".";
    section(anchor(stage), title);
    body.append("<figure>\n").append(SvgCharts.lineChart(new SvgCharts.LineChart(stage.name()
        + ": cross-entropy per epoch", "epoch", "cross-entropy", List.of(
            series("train (dropout on)", history, EpochRecord::trainLoss, true),
            series("train (evaluation mode)", history, EpochRecord::trainLossEval, true),
            series("validation", history, EpochRecord::validationLoss, false)))))
        .append('\n').append(SvgCharts.lineChart(new SvgCharts.LineChart(stage.name() + ": accuracy per epoch",
            "epoch", "accuracy", List.of(
                series("train (evaluation mode)", history, r -> orZero(r.trainAccuracy()), true),
                series("validation", history, r -> orZero(r.validationAccuracy()), false)))))
        .append("\n<figcaption>").append(figures[0]).append("Loss (above) and accuracy (below) per epoch. ")
        .append(Html.escape(caption)).append("</figcaption>\n</figure>\n");
    StageEvaluation evaluation = stage.evaluation();
    if (evaluation == null || evaluation.confusionMatrix() == null) {
      body.append("<p>No test evaluation: run the evaluate goal for the confusion matrix and test metrics.</p>\n");
      endSection();
      return;
    }
    body.append("<figure>\n").append(SvgCharts.heatMap(stage.name() + ": confusion matrix on the test images",
        evaluation.confusionMatrix(), FashionMnist.CLASS_NAMES)).append("\n<figcaption>").append(figures[1])
        .append("Confusion matrix on the ").append(String.format(Locale.ROOT, "%,d", evaluation.testExamples()))
        .append(" test images: rows are the actual classes, columns the predicted ones; shading is the share of "
            + "the row. Test accuracy ").append(fixed(evaluation.accuracy(), 4)).append(", cross-entropy ")
        .append(fixed(evaluation.crossEntropy(), 4)).append(", macro F1 ").append(fixed(evaluation.macroF1(), 4))
        .append(".</figcaption>\n</figure>\n");
    body.append("<div class=\"scroll\"><table>\n<caption>Per-class metrics on the test images</caption>\n<tr><th>Class"
        + "</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr>\n");
    for (ConfusionMatrix.ClassMetrics m : evaluation.perClass()) {
      body.append("<tr><td>").append(m.label()).append(' ').append(Html.escape(m.name())).append("</td><td class=\"num\">")
          .append(fixed(m.precision(), 4)).append("</td><td class=\"num\">").append(fixed(m.recall(), 4))
          .append("</td><td class=\"num\">").append(fixed(m.f1(), 4)).append("</td><td class=\"num\">")
          .append(m.support()).append("</td></tr>\n");
    }
    body.append("</table></div>\n");
    endSection();
  }

  /** The fine-tuned and the frozen classifier on one chart, when both were trained. */
  private void classifiersCompared(List<ReportData.Stage> baseline) {
    List<ReportData.Stage> classifiers = baseline.stream().filter(s -> !s.autoencoder()).toList();
    if (classifiers.size() < 2) {
      return;
    }
    section("classifiers-compared", "Fine-tuned and frozen encoder compared");
    List<SvgCharts.Series> accuracy = new ArrayList<>();
    List<SvgCharts.Series> loss = new ArrayList<>();
    for (int i = 0; i < classifiers.size(); i++) {
      TrainingSummary history = classifiers.get(i).history();
      String name = classifiers.get(i).name();
      accuracy.add(colour(series(name + " validation", history, r -> orZero(r.validationAccuracy()), false), i));
      loss.add(colour(series(name + " validation", history, EpochRecord::validationLoss, false), i));
      loss.add(colour(series(name + " train (dropout on)", history, EpochRecord::trainLoss, true), i));
    }
    body.append("<figure>\n").append(SvgCharts.lineChart(new SvgCharts.LineChart("validation accuracy per epoch",
        "epoch", "validation accuracy", accuracy))).append('\n').append(SvgCharts.lineChart(new SvgCharts.LineChart(
        "cross-entropy per epoch", "epoch", "cross-entropy", loss))).append("\n<figcaption>Validation accuracy "
        + "(above) and cross-entropy (below) per epoch of the classifiers on the same trained encoder. ")
        .append(Html.escape(hyperparameters(classifiers.get(0).history().spec().settings())))
        .append(".</figcaption>\n</figure>\n");
    endSection();
  }

  /**
   * The experiments: a table of what differs between them and where each ended (like {@code dvc exp show}),
   * then one overlay chart per declared comparison (or one of all, when none is declared).
   */
  private void experiments() {
    section("experiments", "Experiments");
    List<ReportData.Stage> autoencoders = data.stages().stream().filter(ReportData.Stage::autoencoder).toList();
    body.append("<p>Every autoencoder of the build, the baseline's and each experiment's, with the inputs that "
        + "differ between them. \"Within 5%\" is the first epoch whose validation loss is within 5% of the "
        + "last epoch's.</p>\n<div class=\"scroll\"><table>\n<tr>");
    int time = CompareTable.HEADINGS.indexOf(CompareTable.TRAINING_TIME); // a measurement: not in the report
    for (int c = 0; c < CompareTable.HEADINGS.size(); c++) {
      if (c != time) {
        body.append("<th>").append(Html.escape(CompareTable.HEADINGS.get(c))).append("</th>");
      }
    }
    body.append("</tr>\n");
    for (CompareTable.Row row : CompareTable.rows(data)) {
      body.append("<tr>");
      for (int c = 0; c < row.cells().size(); c++) {
        if (c == time) {
          continue;
        }
        String cell = Html.escape(row.cells().get(c));
        body.append(c < 2 ? "<td>" + cell : c == row.cells().size() - 1 ? "<td class=\"hash\" title=\""
            + Html.escape(row.modelSha256()) + "\">" + cell : "<td class=\"num\">" + cell).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table></div>\n");
    List<ReportData.Stage> classifiers = data.stages().stream().filter(s -> !s.autoencoder() && s.experiment() != null)
        .toList();
    if (!classifiers.isEmpty()) {
      body.append("<div class=\"scroll\"><table>\n<caption>Classifiers of the experiments</caption>\n<tr>"
          + "<th>Stage</th><th>Validation accuracy</th><th>Test accuracy</th>"
          + "<th>model.zip SHA-256</th></tr>\n");
      for (ReportData.Stage stage : classifiers) {
        EpochRecord last = stage.history().last();
        body.append("<tr><td>").append(Html.escape(stage.name())).append("</td><td class=\"num\">")
            .append(fixed(orZero(last.validationAccuracy()), 4)).append("</td><td class=\"num\">")
            .append(stage.evaluation() == null || stage.evaluation().accuracy() == null ? "–"
                : fixed(stage.evaluation().accuracy(), 4)).append("</td><td class=\"hash\">")
            .append(Html.escape(String.valueOf(stage.modelSha256()).substring(0, 12))).append("</td></tr>\n");
      }
      body.append("</table></div>\n");
    }
    List<ReportData.Comparison> comparisons = data.comparisons().isEmpty()
        ? List.of(new ReportData.Comparison("All experiments", autoencoders.stream().map(CompareTable::experimentName)
            .toList())) : data.comparisons();
    for (ReportData.Comparison comparison : comparisons) {
      List<ReportData.Stage> members = new ArrayList<>();
      for (String name : comparison.experiments()) {
        autoencoders.stream().filter(s -> CompareTable.experimentName(s).equals(name)).findFirst()
            .ifPresent(members::add);
      }
      if (members.isEmpty()) {
        continue;
      }
      List<SvgCharts.Series> lines = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        TrainingSummary history = members.get(i).history();
        String name = CompareTable.experimentName(members.get(i));
        lines.add(colour(series(name + " validation", history, EpochRecord::validationLoss, false), i));
        lines.add(colour(series(name + " train", history, EpochRecord::trainLoss, true), i));
      }
      List<StageSpec> specs = members.stream().map(s -> s.history().spec()).toList();
      body.append("<figure>\n<h3>").append(Html.escape(comparison.title())).append("</h3>\n")
          .append(SvgCharts.lineChart(new SvgCharts.LineChart(comparison.title(), "epoch", "MSE per pixel", lines)))
          .append("\n<figcaption>").append(Html.escape(comparison.title())).append(": training (dashed, dropout on) "
              + "and validation (solid) MSE per epoch. Varying: ")
          .append(Html.escape(Comparisons.describeKeys(Comparisons.differingKeys(specs)))).append(". Fixed: ")
          .append(Html.escape(Comparisons.fixed(specs))).append(".</figcaption>\n</figure>\n");
    }
    endSection();
  }

  private static SvgCharts.Series colour(SvgCharts.Series s, int colour) {
    return new SvgCharts.Series(s.name(), s.xs(), s.ys(), s.dashed(), colour);
  }

  private void reproducibility() {
    section("reproducibility", "Reproducibility");
    body.append("<p>Each stage is keyed by the fingerprint of all its inputs; the same inputs, seed and thread "
        + "count give bit-identical models. Rebuilding with these fingerprints takes the models from the "
        + "cache.</p>\n<h3>Dataset</h3>\n<div class=\"scroll\"><table>\n<tr><th>File</th><th>Items</th>"
        + "<th>Payload bytes</th><th>Payload SHA-256</th></tr>\n");
    for (ReportData.DatasetFile file : data.dataset()) {
      body.append("<tr><td>").append(Html.escape(file.name())).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%,d", file.count())).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%,d", file.payloadBytes())).append("</td><td class=\"hash\">")
          .append(Html.escape(file.sha256())).append("</td></tr>\n");
    }
    body.append("</table></div>\n<h3>Models</h3>\n<div class=\"scroll\"><table>\n<tr><th>Stage</th><th>Fingerprint"
        + "</th><th>model.zip SHA-256</th><th>Parameters SHA-256</th><th>Engine</th></tr>\n");
    for (ReportData.Stage stage : data.stages()) {
      body.append("<tr><td>").append(Html.escape(stage.name())).append("</td><td class=\"hash\">")
          .append(Html.escape(String.valueOf(stage.fingerprint()))).append("</td><td class=\"hash\">")
          .append(Html.escape(String.valueOf(stage.modelSha256()))).append("</td><td class=\"hash\">")
          .append(Html.escape(String.valueOf(stage.history().parametersSha256()))).append("</td><td>")
          .append(Html.escape(String.valueOf(stage.history().engine()))).append("</td></tr>\n");
    }
    body.append("</table></div>\n");
    endSection();
  }

  /** E.g. "Adam, learning rate 0.001, dropout 0.2, batch 100, 30 epochs, seed 42". */
  static String hyperparameters(TrainingSettings s) {
    return String.format(Locale.ROOT, "%s, learning rate %s, dropout %s, batch %d, %d epochs, seed %d",
        s.optimizer() == Optimizer.ADAM ? "Adam" : "SGD", plain(s.learningRate()), plain(s.dropout()),
        s.batchSize(), s.epochs(), s.seed());
  }

  static String autoencoderCaption(TrainingSummary history) {
    AutoencoderSpec spec = history.spec() instanceof AutoencoderStage autoencoder ? autoencoder.autoencoder() : null;
    String shape = spec == null ? "" : spec.linearBottleneck() ? "Latent size " + spec.latentSize() + ", "
        : "Without the linear layers (convolutions and transposed convolutions only), ";
    return shape + hyperparameters(history.spec().settings()) + "; " + examples(history) + ".";
  }

  private static String examples(TrainingSummary history) {
    return String.format(Locale.ROOT, "%,d training images; validation: %s", history.trainExamples(),
        history.dataDescription());
  }

  private static SvgCharts.Series series(String name, TrainingSummary history, ToDoubleFunction<EpochRecord> value,
                                         boolean dashed) {
    List<EpochRecord> epochs = history.epochs();
    double[] xs = new double[epochs.size()];
    double[] ys = new double[epochs.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = epochs.get(i).epoch();
      ys[i] = value.applyAsDouble(epochs.get(i));
    }
    return new SvgCharts.Series(name, xs, ys, dashed);
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private static String loss(ReportData.Stage stage, double value) {
    return fixed(value, stage.autoencoder() ? 5 : 4);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A hyperparameter as written in a POM: 0.001, not 1.0E-3. */
  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  static String anchor(ReportData.Stage stage) {
    return "stage-" + stage.name().replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
