package io.github.fashionae.maven;

import io.github.fashionae.report.ReportData;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * One overlay figure of the report, as declared in the POM:
 * <pre>{@code
 * <comparison>
 *   <title>Fig. 3: learning rate, Adam</title>
 *   <experiments>adam-0.01,adam-0.005,baseline</experiments>
 * </comparison>
 * }</pre>
 */
public class ComparisonConfig {

  /** The figure's title. */
  String title;

  /** The experiments whose autoencoders it overlays, comma-separated; {@code baseline} is the baseline. */
  String experiments;

  /**
   * The POM's comparisons, in order, checked before any work.
   *
   * @throws MojoExecutionException naming the comparison and what is wrong
   */
  static List<ReportData.Comparison> parse(List<ComparisonConfig> declared) throws MojoExecutionException {
    List<ReportData.Comparison> parsed = new ArrayList<>();
    for (int i = 0; declared != null && i < declared.size(); i++) {
      try {
        parsed.add(ReportData.Comparison.parse(i + 1, declared.get(i).title, declared.get(i).experiments));
      } catch (IllegalArgumentException e) {
        throw new MojoExecutionException(e.getMessage(), e);
      }
    }
    return parsed;
  }
}
