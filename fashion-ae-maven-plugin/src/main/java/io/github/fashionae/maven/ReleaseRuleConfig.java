package io.github.fashionae.maven;

import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.evaluation.ReleaseRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule against the released model, as declared in the POM:
 * <pre>{@code
 * <releaseRule>
 *   <stage>classifier-finetune</stage>  <!-- the stage to compare -->
 *   <metric>accuracy</metric>           <!-- mse, crossEntropy, accuracy or macroF1 -->
 *   <maxWorse>0.005</maxWorse>          <!-- or <maxWorseRelative>0.02</maxWorseRelative>: 2% of the release's -->
 *   <significance>0.05</significance>   <!-- optional, classifiers: fail only when McNemar's p is below it -->
 * </releaseRule>
 * }</pre>
 */
public class ReleaseRuleConfig {

  /** The stage to compare with the release's, e.g. {@code classifier-finetune}. */
  String stage;

  /** The metric: {@code mse} (autoencoder), {@code crossEntropy}, {@code accuracy}, {@code macroF1} (classifiers). */
  String metric;

  /** The most this build's value may be worse than the release's, in the metric's unit (e.g. 0.005 accuracy). */
  Double maxWorse;

  /** The most this build's value may be worse than the release's, as a fraction of it (0.02: 2%). */
  Double maxWorseRelative;

  /** With it, a classifier's rule fails only when McNemar's one-sided p-value is also below it, e.g. 0.05. */
  Double significance;

  /**
   * The POM's release rules, in order, checked before any work.
   *
   * @throws QualityGate.InvalidRuleException naming the rule ({@code releaseRules/releaseRule[2]}) and what is wrong
   */
  static List<ReleaseRule> parse(List<ReleaseRuleConfig> declared) {
    List<ReleaseRule> parsed = new ArrayList<>();
    for (int i = 0; declared != null && i < declared.size(); i++) {
      ReleaseRuleConfig rule = declared.get(i);
      parsed.add(ReleaseRule.of(i + 1, rule.stage, rule.metric, rule.maxWorse, rule.maxWorseRelative,
          rule.significance));
    }
    return parsed;
  }
}
