package io.github.fashionae.maven;

import java.util.Map;

/**
 * A sweep as declared in the POM; it expands to one experiment per combination of the varied values:
 * <pre>{@code
 * <sweep>
 *   <name>lr</name>
 *   <vary>
 *     <optimizer>adam,sgd</optimizer>
 *     <learningRate>0.01,0.005,0.001</learningRate>
 *   </vary>
 * </sweep>
 * }</pre>
 */
public class SweepConfig {

  /** The prefix of the experiments' names. */
  String name;

  /** Each varied key's values, comma-separated. */
  Map<String, String> vary;

  /** Overrides shared by all the sweep's experiments. */
  Map<String, String> set;
}
