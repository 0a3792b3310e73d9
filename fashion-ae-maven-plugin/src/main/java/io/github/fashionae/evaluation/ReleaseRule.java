package io.github.fashionae.evaluation;

import io.github.fashionae.stage.StageKind;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule against a released model: this build's metric may be worse than the release's by at most a bound, in the
 * metric's own direction (lower accuracy, higher MSE), absolute ("accuracy not lower by more than 0.005") or
 * relative ("test MSE not higher by more than 2%"). With a {@code significance}, a classifier's rule fails only
 * when the loss is also significant: McNemar's exact one-sided p-value on the same test images below it, so that
 * noise alone does not fail a build.
 *
 * @param element where the rule was declared, for messages: "releaseRules/rule[1]"
 * @param stage the stage it compares
 * @param metric the metric
 * @param maxWorse the most the metric may be worse by, in its own unit; or null
 * @param maxWorseRelative the most it may be worse by, as a fraction of the release's value; or null
 * @param significance fail only when McNemar's p-value is below this; or null to fail on the bound alone
 */
public record ReleaseRule(String element, String stage, Metric metric, Double maxWorse, Double maxWorseRelative,
                          Double significance) {

  public ReleaseRule {
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(metric, "metric");
  }

  /**
   * A rule from a POM's strings, validated: a known metric, exactly one bound of at least 0, and a significance in
   * (0, 1) only for a classifier's metric.
   *
   * @param index the rule's 1-based position, for messages
   * @throws QualityGate.InvalidRuleException naming the element at fault
   */
  public static ReleaseRule of(int index, String stage, String metric, Double maxWorse, Double maxWorseRelative,
                               Double significance) {
    String element = "releaseRules/releaseRule[" + index + "]";
    if (stage == null || stage.isBlank()) {
      throw new QualityGate.InvalidRuleException(element + "/stage: expected the stage to compare with the "
          + "release, found none");
    }
    Metric parsed = metric == null ? null : Metric.byKey(metric.trim()).orElse(null);
    if (parsed == null) {
      throw new QualityGate.InvalidRuleException(element + "/metric: expected one of " + Metric.keys() + ", found "
          + (metric == null ? "none" : "'" + metric.trim() + "'"));
    }
    if (stage.contains("/")) {
      throw new QualityGate.InvalidRuleException(element + "/stage: expected a stage a release publishes ("
          + "autoencoder, classifier-finetune or classifier-frozen), found '" + stage.trim() + "'");
    }
    QualityGate.Rule.checkStage(element, stage.trim(), parsed);
    if ((maxWorse == null) == (maxWorseRelative == null)) {
      throw new QualityGate.InvalidRuleException(element + ": expected one of <maxWorse> and <maxWorseRelative>, "
          + "found " + (maxWorse == null ? "neither" : "both"));
    }
    Double bound = maxWorse != null ? maxWorse : maxWorseRelative;
    if (!(bound >= 0) || Double.isInfinite(bound)) {
      throw new QualityGate.InvalidRuleException(element + "/" + (maxWorse != null ? "maxWorse" : "maxWorseRelative")
          + ": expected a finite bound of at least 0, found " + bound);
    }
    if (significance != null && parsed.kind() != StageKind.CLASSIFIER) {
      throw new QualityGate.InvalidRuleException(element + "/significance: McNemar's test compares classifiers' "
          + "answers, and " + parsed.key() + " is an autoencoder's metric");
    }
    if (significance != null && !(significance > 0 && significance < 1)) {
      throw new QualityGate.InvalidRuleException(element + "/significance: expected a level in (0, 1) such as 0.05, "
          + "found " + significance);
    }
    return new ReleaseRule(element, stage.trim(), parsed, maxWorse, maxWorseRelative, significance);
  }

  /** The worst value that passes, given the release's. */
  public double limit(double released) {
    double allowance = maxWorse != null ? maxWorse : Math.abs(released) * maxWorseRelative;
    return metric.higherIsBetter() ? released - allowance : released + allowance;
  }

  /**
   * This build's {@code built} value against the release's {@code released}, with McNemar's test of the two models'
   * answers where there is one (classifiers).
   *
   * @param release the release, for messages, e.g. "io.github.example:example-project:1.2.0"
   * @return the verdict: passed, or not, with one line that names the stage, the metric, both values and the bound
   */
  public QualityGate.Verdict check(String release, double built, double released, Optional<McNemar> test) {
    double limit = limit(released);
    boolean within = metric.higherIsBetter() ? built >= limit : built <= limit;
    Optional<Double> p = test.map(McNemar::secondWorse);
    boolean significant = significance == null || p.map(value -> value < significance).orElse(true);
    boolean passed = within || !significant;
    String allowed = maxWorse != null ? String.format(Locale.ROOT, "%.4f", maxWorse)
        : String.format(Locale.ROOT, "%.4f (%s%% of it)", Math.abs(released) * maxWorseRelative,
            trim(maxWorseRelative * 100));
    String change = String.format(Locale.ROOT, "%s: %s is %.4f, the release %s has %.4f (this build %s by %.4f); "
            + "expected worse by at most %s, %s %.4f", stage.replace('-', ' '), metric.label(), built, release,
        released, (metric.higherIsBetter() ? built >= released : built <= released) ? "better" : "worse",
        Math.abs(built - released), allowed, metric.higherIsBetter() ? "minimum" : "maximum", limit);
    String tested = test.map(t -> String.format(Locale.ROOT, "; McNemar: %d test images only the release gets "
        + "right, %d only this build, p = %.4g (one-sided)%s", t.firstOnly(), t.secondOnly(), t.secondWorse(),
        significance == null ? "" : within ? "" : significant ? ", significant at " + trim(significance)
            : ", not significant at " + trim(significance) + ", so the rule holds")).orElse("");
    return new QualityGate.Verdict(stage, metric.key(), metric.higherIsBetter() ? "minimum" : "maximum", limit,
        built, passed, change + tested);
  }

  private static String trim(double value) {
    String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
