package io.github.fashionae.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static StageEvaluation classifier(String stage, double accuracy) {
    return new StageEvaluation(stage, StageKind.CLASSIFIER, "sha", "test", 10_000, null, 0.3, accuracy, 0.85,
        null, null, null, "engine", null);
  }

  private static StageEvaluation autoencoder(double mse) {
    return new StageEvaluation("autoencoder", StageKind.AUTOENCODER, "sha", "test", 10_000, mse, null, null,
        null, null, null, null, "engine", null);
  }

  private static final List<StageEvaluation> STAGES = List.of(autoencoder(0.0265), classifier("classifier-finetune",
      0.8712), classifier("classifier-frozen", 0.80));

  @Test
  void aViolationReadsAsOnePreciseLine() {
    List<QualityGate.Verdict> verdicts = QualityGate.check(List.of(
        QualityGate.Rule.of(1, "classifier-finetune", "accuracy", 0.90, null)), STAGES);
    assertThat(verdicts).singleElement().satisfies(v -> {
      assertThat(v.passed()).isFalse();
      assertThat(v.message()).isEqualTo("classifier finetune: test accuracy is 0.8712, but expected minimum is 0.9000");
    });
  }

  @Test
  void passingBoundsPassAndBoundsAreInclusive() {
    List<QualityGate.Verdict> verdicts = QualityGate.check(List.of(
        QualityGate.Rule.of(1, "classifier-finetune", "accuracy", 0.8712, null),
        QualityGate.Rule.of(2, "autoencoder", "mse", null, 0.0265),
        QualityGate.Rule.of(3, null, "accuracy", 0.5, 1.0)), STAGES);
    assertThat(verdicts).hasSize(1 + 1 + 4).allMatch(QualityGate.Verdict::passed);
    assertThat(verdicts.get(1).message()).isEqualTo("autoencoder: test MSE is 0.0265, within the maximum 0.0265");
  }

  @Test
  void justOverTheMaximumFailsAndShowsEnoughDigitsToTellWhy() {
    List<QualityGate.Verdict> verdicts = QualityGate.check(List.of(
        QualityGate.Rule.of(1, "autoencoder", "mse", null, 0.02649)), STAGES);
    assertThat(verdicts).singleElement().satisfies(v -> {
      assertThat(v.passed()).isFalse();
      assertThat(v.message()).isEqualTo("autoencoder: test MSE is 0.02650, but expected maximum is 0.02649");
    });
  }

  @Test
  void aRuleWithoutStageBoundsEveryStageOfItsKind() {
    List<QualityGate.Verdict> verdicts = QualityGate.check(List.of(
        QualityGate.Rule.of(1, null, "accuracy", 0.85, null)), STAGES);
    assertThat(verdicts).extracting(QualityGate.Verdict::stage)
        .containsExactly("classifier-finetune", "classifier-frozen");
    assertThat(verdicts).extracting(QualityGate.Verdict::passed).containsExactly(true, false);
  }

  @Test
  void invalidRulesNameTheElement() {
    assertThatThrownBy(() -> QualityGate.Rule.of(2, null, "acc", 0.9, null))
        .isInstanceOf(QualityGate.InvalidRuleException.class)
        .hasMessage("rules/rule[2]/metric: expected one of mse, crossEntropy, accuracy, macroF1, found 'acc'");
    assertThatThrownBy(() -> QualityGate.Rule.of(1, null, "accuracy", 1.5, null))
        .hasMessage("rules/rule[1]/minimum: accuracy is a fraction, expected a bound in [0, 1], found 1.5");
    assertThatThrownBy(() -> QualityGate.Rule.of(1, null, "mse", null, -0.1))
        .hasMessage("rules/rule[1]/maximum: mse is at least 0, expected a finite bound of at least 0, found -0.1");
    assertThatThrownBy(() -> QualityGate.Rule.of(3, "autoencoder", "mse", null, null))
        .hasMessage("rules/rule[3]: expected a <minimum> or a <maximum> for mse, found neither");
    assertThatThrownBy(() -> QualityGate.Rule.of(1, null, "accuracy", 0.9, 0.8))
        .hasMessage("rules/rule[1]: expected minimum <= maximum, found minimum 0.9 above maximum 0.8");
    assertThatThrownBy(() -> QualityGate.Rule.of(1, null, null, 0.9, null))
        .hasMessageStartingWith("rules/rule[1]/metric: expected one of");
  }

  @Test
  void aRuleOnAStageNoBuildCanHaveOrOfTheWrongKindFailsAsItIsRead() {
    // known from the names alone: the first goal's check of every execution refuses them before any work
    assertThatThrownBy(() -> QualityGate.Rule.of(1, "classifier-fine", "accuracy", 0.9, null))
        .isInstanceOf(QualityGate.InvalidRuleException.class)
        .hasMessage("rules/rule[1]/stage: expected autoencoder, " + CLASSIFIERS + " or <experiment>/<one of them>, "
            + "found 'classifier-fine'");
    assertThatThrownBy(() -> QualityGate.Rule.of(2, "autoencoder", "accuracy", 0.9, null))
        .hasMessage("rules/rule[2]/metric: accuracy applies to classifier stages, but autoencoder is an autoencoder");
    assertThatThrownBy(() -> QualityGate.Rule.of(3, "lr-0.01/classifier-frozen", "mse", null, 0.1))
        .hasMessage("rules/rule[3]/metric: mse applies to autoencoder stages, but lr-0.01/classifier-frozen is a "
            + "classifier");
    assertThat(QualityGate.Rule.of(4, "lr-0.01/classifier-frozen", "accuracy", 0.5, null).stage())
        .isEqualTo("lr-0.01/classifier-frozen");
  }

  private static final String CLASSIFIERS = String.join(", ", List.of(ClassifierMode.values()).stream()
      .map(ClassifierStage::name).toList());

  @Test
  void rulesThatMatchNoEvaluatedStageAreConfigurationErrors() {
    assertThatThrownBy(() -> QualityGate.check(List.of(QualityGate.Rule.of(1, "lr-0.01/classifier-frozen",
        "accuracy", 0.9, null)), STAGES)).isInstanceOf(QualityGate.InvalidRuleException.class)
        .hasMessage("rules/rule[1]/stage: expected one of the evaluated stages (autoencoder, classifier-finetune, "
            + "classifier-frozen), found 'lr-0.01/classifier-frozen'");
    assertThatThrownBy(() -> QualityGate.check(List.of(QualityGate.Rule.of(1, null, "accuracy", 0.9, null)),
        List.of(autoencoder(0.02)))).hasMessage("rules/rule[1]/metric: accuracy applies to classifier stages, but "
            + "none was evaluated (evaluated: autoencoder)");
  }

  @Test
  void theGateSummarisesInOneLine() {
    List<QualityGate.Verdict> verdicts = QualityGate.check(List.of(
        QualityGate.Rule.of(1, null, "accuracy", 0.85, null)), STAGES);
    assertThat(new GateResult(1, verdicts, true).summary()).isEqualTo("1 of 2 bounds violated");
    assertThat(new GateResult(1, verdicts.subList(0, 1), true).summary()).isEqualTo("1 bound holds");
    assertThat(new GateResult(0, List.of(), true).summary()).isEqualTo("no rules declared");
  }
}
