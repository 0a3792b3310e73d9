package io.github.fashionae.report;

import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The report and compare goals' orchestrator: reads a build's outputs and writes the page, or the compare view. */
public final class Reports {

  /** The report's file in its folder. */
  public static final String PAGE = "index.html";

  /**
   * The companion page beside the report with what the machine measured (training times): not attached, since the
   * report must be the same bytes for the same inputs and these are not.
   */
  public static final String TIMINGS = "timings.html";

  private Reports() {
  }

  /**
   * Writes the report and logs its checksum and the gate's verdict.
   *
   * @return the page
   * @throws IOException when there is nothing to report, or a file cannot be read or written
   */
  public static Path write(ReportRequest request, BuildLog log) throws IOException {
    ReportData data = ReportLoader.load(request.outputDirectory(), request.manifest(), request.title(),
        request.date(), request.generator(), request.comparisons());
    if (data.stages().isEmpty()) {
      throw new IOException("Nothing to report: expected trained stages (folders with model.zip and "
          + "history.json) under " + request.outputDirectory() + ", found none; bind train-autoencoder before "
          + "report");
    }
    Path page = request.reportDirectory().resolve(PAGE);
    AtomicFiles.write(page, ReportRenderer.render(data).getBytes(StandardCharsets.UTF_8));
    Path timings = request.reportDirectory().resolve(TIMINGS);
    AtomicFiles.write(timings, timings(data).getBytes(StandardCharsets.UTF_8));
    log.info("Report: " + page + " (SHA-256 " + Sha256.ofFile(page) + "); training times: " + timings);
    GateResult gate = data.gate();
    log.infoOnce("Quality gate: " + (gate == null ? "not checked (evaluate did not run)" : gate.summary()));
    return page;
  }

  /** The companion page: each stage's training time and its mean epoch, as this machine measured them. */
  static String timings(ReportData data) {
    StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + Html.escape(data.title()) + ": training times</title>\n<style>body{font-family:sans-serif;margin:1em;"
        + "color:#111;background:#fff}table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid "
        + "#ccc;text-align:left}td.num{text-align:right}</style>\n</head>\n<body>\n<h1>" + Html.escape(data.title())
        + ": training times</h1>\n<p>What the machines that trained each stage measured: wall time of all epochs, "
        + "evaluation included. These are not inputs and not part of the <a href=\"" + PAGE + "\">report</a>, which "
        + "is the same bytes for the same inputs.</p>\n<table>\n<tr><th>Stage</th><th>Epochs</th>"
        + "<th>Training time</th><th>Mean epoch</th><th>Engine</th></tr>\n");
    for (ReportData.Stage stage : data.stages()) {
      double seconds = stage.history().trainingSeconds();
      int epochs = stage.history().epochs().size();
      page.append("<tr><td>").append(Html.escape(stage.name())).append("</td><td class=\"num\">").append(epochs)
          .append("</td><td class=\"num\">").append(Durations.format(seconds)).append("</td><td class=\"num\">")
          .append(Durations.format(seconds / epochs)).append("</td><td>").append(Html.escape(stage.history().engine()))
          .append("</td></tr>\n");
    }
    return page.append("</table>\n</body>\n</html>\n").toString();
  }

  /**
   * The compare view of the trained autoencoders under {@code outputDirectory}, one line each after a heading.
   *
   * @throws IOException when there is nothing to compare
   */
  public static List<String> compareView(Path outputDirectory) throws IOException {
    ReportData data = ReportLoader.load(outputDirectory, outputDirectory.resolve("dataset/manifest.json"),
        "compare", null, "compare", List.of());
    List<CompareTable.Row> rows = CompareTable.rows(data);
    if (rows.isEmpty()) {
      throw new IOException("Nothing to compare: expected trained autoencoders under " + outputDirectory
          + ", found none; run the build (train-autoencoder, experiments) first");
    }
    return CompareTable.text(rows);
  }
}
