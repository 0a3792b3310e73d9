package io.github.fashionae.report;

import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The report and compare goals' orchestrator: reads a build's outputs and writes the page, or the compare view. */
public final class Reports {

  /** The report's file in its folder. */
  public static final String PAGE = "index.html";

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
    log.info("Report: " + page + " (SHA-256 " + Sha256.ofFile(page) + ")");
    GateResult gate = data.gate();
    log.info("Quality gate: " + (gate == null ? "not checked (evaluate did not run)" : gate.summary()));
    return page;
  }

  /**
   * The compare view of the trained autoencoders under {@code outputDirectory}, one line each after a heading.
   *
   * @throws IOException when there is nothing to compare
   */
  public static List<String> compareView(Path outputDirectory) throws IOException {
    ReportData data = ReportLoader.load(outputDirectory, outputDirectory.resolve("dataset/manifest.json"), "compare", null,
        "compare", List.of());
    List<CompareTable.Row> rows = CompareTable.rows(data);
    if (rows.isEmpty()) {
      throw new IOException("Nothing to compare: expected trained autoencoders under " + outputDirectory
          + ", found none; run the build (train-autoencoder, experiments) first");
    }
    return CompareTable.text(rows);
  }
}
