package io.github.fashionae.evaluation;

import java.util.List;

/**
 * The quality gate's outcome, as evaluate writes it to {@code quality-gate.json} for the report.
 *
 * @param rules how many rules were declared
 * @param verdicts one per bound and stage, in rule order
 * @param haltOnFailure whether a violation fails the build
 */
public record GateResult(int rules, List<QualityGate.Verdict> verdicts, boolean haltOnFailure) {

  /** The file evaluate writes into the output directory. */
  public static final String FILE = "quality-gate.json";

  public GateResult {
    verdicts = List.copyOf(verdicts);
  }

  public long violations() {
    return verdicts.stream().filter(v -> !v.passed()).count();
  }

  /** One line: "no rules declared", "no rule checked of the 2 declared", "all 3 bounds hold", "1 bound holds" or "1 of 3 bounds violated". */
  public String summary() {
    if (rules == 0) {
      return "no rules declared";
    }
    if (verdicts.isEmpty()) {
      return "no rule checked of the " + rules + " declared"; // release rules without a release to compare with
    }
    long violations = violations();
    if (violations == 0) {
      return verdicts.size() == 1 ? "1 bound holds" : "all " + verdicts.size() + " bounds hold";
    }
    return violations + " of " + verdicts.size() + " bounds violated";
  }
}
