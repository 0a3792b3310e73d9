package io.github.fashionae.maven;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.report.ReportData;
import io.github.fashionae.report.ReportLoader;
import io.github.fashionae.report.ReportRenderer;
import io.github.fashionae.util.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the study's report: one self-contained {@code index.html} (inline CSS and SVG charts, images as
 * inline PNG, no script, nothing fetched) with the reconstructions, loss and accuracy curves, confusion
 * matrices, per-class metrics, the quality gate's verdicts, and the checksums and fingerprints that make the
 * run reproducible. Identical inputs give identical bytes. The page is attached as the {@code report} html
 * artifact.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractEngineMojo {

  /** The folder the report is written to, as {@code index.html}. */
  @Parameter(property = "fashionae.reportDirectory", defaultValue = "${project.build.directory}/fashion-ae/report")
  File reportDirectory;

  /** The report's title. */
  @Parameter(property = "fashionae.report.title", defaultValue = "${project.name}")
  String title;

  /**
   * Overlay figures of experiments: each a {@code <title>} and the {@code <experiments>} it compares,
   * comma-separated ({@code baseline} names the baseline). One figure of all experiments when none is declared.
   */
  @Parameter
  List<ComparisonConfig> comparisons;

  /** Attach the report to the project as an artifact ({@code report} classifier, type {@code html}). */
  @Parameter(property = "fashionae.report.attach", defaultValue = "true")
  boolean attachReport;

  @Override
  String goal() {
    return "report";
  }

  @Override
  void run() throws MojoExecutionException {
    ReportData data;
    try {
      data = ReportLoader.load(outputDirectory.toPath(), manifestFile.toPath(), title == null || title.isBlank()
          ? "Fashion-MNIST study" : title, date(), "fashion-ae-maven-plugin " + pluginVersion(), comparisons());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the build's outputs for the report: " + e.getMessage(), e);
    }
    if (data.stages().isEmpty()) {
      throw new MojoExecutionException("Nothing to report: expected trained stages (folders with model.zip and "
          + "history.json) under " + outputDirectory + ", found none; bind train-autoencoder before report");
    }
    Path page = reportDirectory.toPath().resolve("index.html");
    try {
      Files.createDirectories(reportDirectory.toPath());
      AtomicFiles.write(page, ReportRenderer.render(data).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the report " + page + ": " + e.getMessage(), e);
    }
    if (attachReport) {
      attach("html", "report", page);
    }
    try {
      getLog().info("Report: " + page + " (SHA-256 " + io.github.fashionae.util.Sha256.ofFile(page) + ")");
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the report " + page + ": " + e.getMessage(), e);
    }
    GateResult gate = data.gate();
    getLog().info("Quality gate: " + (gate == null ? "not checked (evaluate did not run)" : gate.summary()));
  }

  private List<ReportData.Comparison> comparisons() throws MojoExecutionException {
    List<ReportData.Comparison> parsed = new ArrayList<>();
    List<ComparisonConfig> declared = comparisons == null ? List.of() : comparisons;
    for (int i = 0; i < declared.size(); i++) {
      ComparisonConfig c = declared.get(i);
      List<String> names = c.experiments == null ? List.of() : Arrays.stream(c.experiments.split(","))
          .map(String::trim).filter(n -> !n.isEmpty()).toList();
      if (c.title == null || c.title.isBlank() || names.isEmpty()) {
        throw new MojoExecutionException("comparisons/comparison[" + (i + 1) + "]: expected a <title> and "
            + "<experiments> (comma-separated names), found " + (c.title == null || c.title.isBlank() ? "no title"
            : "no experiments"));
      }
      parsed.add(new ReportData.Comparison(c.title.trim(), names));
    }
    return parsed;
  }

  /** The date shown in the report: project.build.outputTimestamp's day (UTC), or none when it is unset. */
  private String date() throws MojoExecutionException {
    if (outputTimestamp == null || outputTimestamp.trim().length() <= 1) {
      return null;
    }
    try {
      Instant instant = DeterministicZip.entryTime(outputTimestamp);
      return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }
}
