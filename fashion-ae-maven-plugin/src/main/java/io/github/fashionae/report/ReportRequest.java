package io.github.fashionae.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the report goal asks for.
 *
 * @param outputDirectory the build's output folder: stage folders, evaluations, quality-gate.json
 * @param manifest fetch-dataset's manifest, whose digests the report lists (absent: none listed)
 * @param reportDirectory where {@code index.html} is written
 * @param title the report's title
 * @param date the day the report shows (project.build.outputTimestamp's), or null for none
 * @param generator what wrote it, e.g. "fashion-ae-maven-plugin 0.1.0"
 * @param comparisons the declared overlay figures of experiments
 */
public record ReportRequest(Path outputDirectory, Path manifest, Path reportDirectory, String title, String date,
                            String generator, List<ReportData.Comparison> comparisons) {

  public ReportRequest {
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(reportDirectory, "reportDirectory");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(generator, "generator");
    comparisons = List.copyOf(comparisons);
  }
}
