package io.github.fashionae.maven;

import io.github.fashionae.report.ReportRequest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the study's report: one self-contained {@code index.html} (inline CSS and SVG charts, images as
 * inline PNG, no script, nothing fetched) with the reconstructions, loss and accuracy curves, confusion
 * matrices, per-class metrics, the quality gate's verdicts, and the checksums and fingerprints that make the
 * run reproducible. The page is attached as the {@code report} html artifact.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractFashionAeMojo {

  /**
   * The folder the report is written to, as {@code index.html}, e.g. {@code ${project.build.directory}/site/study}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.reportDirectory", defaultValue = "${project.build.directory}/fashion-ae/report")
  File reportDirectory;

  /**
   * The report's title, e.g. {@code Fashion-MNIST study, release 1.2}; {@code Fashion-MNIST study} when empty.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.reportTitle", defaultValue = "${project.name}")
  String reportTitle;

  /**
   * Overlay figures of experiments: each a {@code <title>} and the {@code <experiments>} it compares,
   * comma-separated ({@code baseline} names the baseline), e.g.
   * {@code <comparison><title>Fig. 6</title><experiments>baseline,no-linear</experiments></comparison>}. One
   * figure of all experiments when none is declared.
   *
   * @since 0.1.0
   */
  @Parameter
  List<ComparisonConfig> comparisons;

  /**
   * Attach the report to the project as an artifact ({@code report} classifier, type {@code html}), so that
   * install and deploy publish it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.attachReport", defaultValue = "true")
  boolean attachReport;

  @Override
  boolean runsInShardBuilds() {
    return false;
  }

  @Override
  String goal() {
    return "report";
  }

  @Override
  void validate() throws MojoExecutionException {
    ComparisonConfig.parse(comparisons);
    outputDay();
  }

  @Override
  List<Path> outputFolders() {
    return List.of(reportDirectory.toPath());
  }

  @Override
  List<Executions.Needed> neededFolders() throws MojoExecutionException {
    return Executions.Needed.experimentsOf(ComparisonConfig.parse(comparisons), outputDirectory.toPath());
  }

  @Override
  void run() throws MojoExecutionException, IOException {
    ReportRequest request = new ReportRequest(outputDirectory.toPath(), manifestFile.toPath(),
        reportDirectory.toPath(), reportTitle == null || reportTitle.isBlank() ? "Fashion-MNIST study" : reportTitle,
        outputDay(), "fashion-ae-maven-plugin " + pluginVersion(), ComparisonConfig.parse(comparisons));
    Path page = build.study().report(request, buildLog());
    if (attachReport) {
      attach("html", "report", page);
    }
  }
}
