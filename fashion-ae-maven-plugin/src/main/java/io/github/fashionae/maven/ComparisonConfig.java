package io.github.fashionae.maven;

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
}
