package io.github.fashionae.evaluation;

import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Bounds on test metrics, checked like {@code jacoco:check}'s rules: each rule names a metric, optionally a
 * stage (otherwise every evaluated stage the metric applies to), and a minimum, a maximum or both.
 */
public final class QualityGate {

  /**
   * One validated rule.
   *
   * @param element where the rule was declared, for messages: "rules/rule[1]"
   * @param stage the stage it bounds, or null for every stage the metric applies to
   * @param metric the metric
   * @param minimum the lowest value that passes, or null
   * @param maximum the highest value that passes, or null
   */
  public record Rule(String element, String stage, Metric metric, Double minimum, Double maximum) {

    public Rule {
      Objects.requireNonNull(element, "element");
      Objects.requireNonNull(metric, "metric");
    }

    /**
     * A rule from a POM's strings, validated: a known metric, at least one bound, bounds in the metric's range
     * and in order.
     *
     * @param index the rule's 1-based position, for messages
     * @throws InvalidRuleException naming the element at fault
     */
    public static Rule of(int index, String stage, String metric, Double minimum, Double maximum) {
      String element = "rules/rule[" + index + "]";
      if (metric == null || metric.isBlank()) {
        throw new InvalidRuleException(element + "/metric: expected one of " + Metric.keys() + ", found none");
      }
      Metric parsed = Metric.byKey(metric.trim()).orElseThrow(() -> new InvalidRuleException(element
          + "/metric: expected one of " + Metric.keys() + ", found '" + metric.trim() + "'"));
      if (minimum == null && maximum == null) {
        throw new InvalidRuleException(element + ": expected a <minimum> or a <maximum> for " + parsed.key()
            + ", found neither");
      }
      checkBound(element + "/minimum", parsed, minimum);
      checkBound(element + "/maximum", parsed, maximum);
      if (minimum != null && maximum != null && minimum > maximum) {
        throw new InvalidRuleException(String.format(Locale.ROOT, "%s: expected minimum <= maximum, found minimum "
            + "%s above maximum %s", element, minimum, maximum));
      }
      String trimmedStage = stage == null || stage.isBlank() ? null : stage.trim();
      if (trimmedStage != null) {
        checkStage(element, trimmedStage, parsed);
      }
      return new Rule(element, trimmedStage, parsed, minimum, maximum);
    }

    /**
     * A stage named by a rule is a stage the plugin can evaluate, of the metric's kind: known from its name alone,
     * so a misspelt stage fails before any work, not after all training.
     */
    static void checkStage(String element, String stage, Metric metric) {
      String last = stage.substring(stage.lastIndexOf('/') + 1);
      List<String> classifiers = List.of(ClassifierMode.values()).stream().map(ClassifierStage::name).toList();
      StageKind kind = last.equals(AutoencoderStage.NAME) ? StageKind.AUTOENCODER
          : classifiers.contains(last) ? StageKind.CLASSIFIER : null;
      if (kind == null || stage.startsWith("/") || stage.endsWith("/")) {
        throw new InvalidRuleException(element + "/stage: expected " + AutoencoderStage.NAME + ", "
            + String.join(", ", classifiers) + " or <experiment>/<one of them>, found '" + stage + "'");
      }
      if (kind != metric.kind()) {
        throw kindMismatch(element, metric, stage, kind);
      }
    }

    private static void checkBound(String element, Metric metric, Double bound) {
      if (bound == null) {
        return;
      }
      if (metric.fraction() && !(bound >= 0 && bound <= 1)) {
        throw new InvalidRuleException(element + ": " + metric.key() + " is a fraction, expected a bound in [0, 1], "
            + "found " + bound);
      }
      if (!metric.fraction() && (!(bound >= 0) || Double.isInfinite(bound))) {
        throw new InvalidRuleException(element + ": " + metric.key() + " is at least 0, expected a finite bound "
            + "of at least 0, found " + bound);
      }
    }
  }

  /**
   * The outcome of one bound on one stage.
   *
   * @param stage the stage
   * @param metric the metric's key
   * @param bound "minimum" or "maximum"
   * @param limit the bound's value
   * @param actual the measured value
   * @param passed whether the value is within the bound (bounds are inclusive)
   * @param message one line: "classifier finetune: test accuracy is 0.8712, but expected minimum is 0.9000"
   */
  public record Verdict(String stage, String metric, String bound, double limit, double actual, boolean passed,
                        String message) {
  }

  /** Thrown for a rule that cannot be checked: the message names the element at fault. */
  public static final class InvalidRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRuleException(String message) {
      super(message);
    }
  }

  private QualityGate() {
  }

  /**
   * Checks every rule against the evaluations, in rule order, then stage order.
   *
   * @throws InvalidRuleException for a rule whose stage was not evaluated, whose metric does not apply to its
   *     stage, or that applies to no evaluated stage
   */
  public static List<Verdict> check(List<Rule> rules, List<StageEvaluation> evaluations) {
    List<Verdict> verdicts = new ArrayList<>();
    for (Rule rule : rules) {
      List<StageEvaluation> targets = targets(rule, evaluations);
      for (StageEvaluation evaluation : targets) {
        double actual = rule.metric().of(evaluation).orElseThrow();
        if (rule.minimum() != null) {
          verdicts.add(verdict(evaluation.stage(), rule.metric(), "minimum", rule.minimum(), actual,
              actual >= rule.minimum()));
        }
        if (rule.maximum() != null) {
          verdicts.add(verdict(evaluation.stage(), rule.metric(), "maximum", rule.maximum(), actual,
              actual <= rule.maximum()));
        }
      }
    }
    return verdicts;
  }

  private static List<StageEvaluation> targets(Rule rule, List<StageEvaluation> evaluations) {
    if (rule.stage() == null) {
      List<StageEvaluation> targets = evaluations.stream().filter(e -> e.kind() == rule.metric().kind()).toList();
      if (targets.isEmpty()) {
        throw new InvalidRuleException(rule.element() + "/metric: " + rule.metric().key() + " applies to "
            + kindName(rule.metric()) + " stages, but none was evaluated (evaluated: " + stages(evaluations) + ")");
      }
      return targets;
    }
    StageEvaluation evaluation = evaluations.stream().filter(e -> e.stage().equals(rule.stage())).findFirst()
        .orElseThrow(() -> new InvalidRuleException(rule.element() + "/stage: expected one of the evaluated stages ("
            + stages(evaluations) + "), found '" + rule.stage() + "'"));
    if (evaluation.kind() != rule.metric().kind()) {
      throw kindMismatch(rule.element(), rule.metric(), rule.stage(), evaluation.kind());
    }
    return List.of(evaluation);
  }

  /** A rule whose metric does not apply to its stage, of {@code kind}. */
  private static InvalidRuleException kindMismatch(String element, Metric metric, String stage, StageKind kind) {
    return new InvalidRuleException(element + "/metric: " + metric.key() + " applies to " + kindName(metric)
        + " stages, but " + stage + " is " + (kind == StageKind.AUTOENCODER ? "an autoencoder" : "a classifier"));
  }

  private static String kindName(Metric metric) {
    return metric.kind().name().toLowerCase(Locale.ROOT);
  }

  private static String stages(List<StageEvaluation> evaluations) {
    return evaluations.isEmpty() ? "none" : evaluations.stream().map(StageEvaluation::stage)
        .collect(Collectors.joining(", "));
  }

  static Verdict verdict(String stage, Metric metric, String bound, double limit, double actual, boolean passed) {
    String[] shown = distinct(actual, limit);
    String message = passed
        ? String.format(Locale.ROOT, "%s: %s is %s, within the %s %s", label(stage), metric.label(), shown[0], bound,
            shown[1])
        : String.format(Locale.ROOT, "%s: %s is %s, but expected %s is %s", label(stage), metric.label(), shown[0],
            bound, shown[1]);
    return new Verdict(stage, metric.key(), bound, limit, actual, passed, message);
  }

  /** A stage's name in messages: "classifier-finetune" reads "classifier finetune". */
  public static String label(String stage) {
    return stage.replace('-', ' ');
  }

  /** Both values with 4 decimals, or as many more as it takes to tell different values apart. */
  static String[] distinct(double actual, double limit) {
    for (int decimals = 4; ; decimals++) {
      String a = String.format(Locale.ROOT, "%." + decimals + "f", actual);
      String b = String.format(Locale.ROOT, "%." + decimals + "f", limit);
      if (!a.equals(b) || actual == limit || decimals >= 12) {
        return new String[] {a, b};
      }
    }
  }
}
