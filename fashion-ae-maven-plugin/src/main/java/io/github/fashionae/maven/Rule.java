package io.github.fashionae.maven;

import io.github.fashionae.evaluation.QualityGate;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * One rule of evaluate's quality gate, as declared in the POM:
 * <pre>{@code
 * <rule>
 *   <stage>classifier-finetune</stage>   <!-- optional: every stage the metric applies to -->
 *   <metric>accuracy</metric>            <!-- mse, crossEntropy, accuracy or macroF1 -->
 *   <minimum>0.90</minimum>              <!-- a minimum, a maximum, or both; inclusive -->
 * </rule>
 * }</pre>
 */
public class Rule {

  /** The stage the rule bounds, e.g. {@code classifier-finetune}; all stages the metric applies to when absent. */
  String stage;

  /** The metric: {@code mse} (autoencoder), {@code crossEntropy}, {@code accuracy}, {@code macroF1} (classifiers). */
  String metric;

  /** The lowest value that passes. */
  Double minimum;

  /** The highest value that passes. */
  Double maximum;

  public Rule() {
  }

  Rule(String stage, String metric, Double minimum, Double maximum) {
    this.stage = stage;
    this.metric = metric;
    this.minimum = minimum;
    this.maximum = maximum;
  }

  /**
   * The POM's rules, in order, checked before any work.
   *
   * @throws MojoExecutionException naming the rule ({@code rules/rule[2]}) and what is wrong
   */
  static List<QualityGate.Rule> parse(List<Rule> declared) throws MojoExecutionException {
    List<QualityGate.Rule> parsed = new ArrayList<>();
    for (int i = 0; declared != null && i < declared.size(); i++) {
      Rule rule = declared.get(i);
      try {
        parsed.add(QualityGate.Rule.of(i + 1, rule.stage, rule.metric, rule.minimum, rule.maximum));
      } catch (QualityGate.InvalidRuleException e) {
        throw new MojoExecutionException("Invalid quality gate rule " + e.getMessage(), e);
      }
    }
    return parsed;
  }
}
