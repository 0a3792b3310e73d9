package io.github.fashionae.maven;

import java.util.Map;

/**
 * One experiment as declared in the POM:
 * <pre>{@code
 * <experiment>
 *   <name>no-linear</name>
 *   <set><linearBottleneck>false</linearBottleneck></set>
 * </experiment>
 * }</pre>
 */
public class ExperimentConfig {

  /** The experiment's name: its folder under {@code experiments/}. */
  String name;

  /** The inputs that differ from the baseline, by key (learningRate, optimizer, dropout, ...). */
  Map<String, String> set;
}
