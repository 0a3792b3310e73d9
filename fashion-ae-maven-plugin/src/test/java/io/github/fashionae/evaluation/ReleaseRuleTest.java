package io.github.fashionae.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules against a released model: direction, absolute and relative bounds, and McNemar's test in the verdict. */
class ReleaseRuleTest {

  private static final String RELEASE = "io.github.example:example-project:1.2.0";

  @Test
  void aLossBeyondTheAbsoluteBoundFailsNamingTheStageTheMetricBothValuesAndTheBound() {
    ReleaseRule rule = ReleaseRule.of(1, "classifier-finetune", "accuracy", 0.005, null, null);

    QualityGate.Verdict verdict = rule.check(RELEASE, 0.8950, 0.9018, Optional.empty());

    assertThat(rule.limit(0.9018)).isCloseTo(0.8968, within(1e-12));
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.message()).isEqualTo("classifier finetune: test accuracy is 0.8950, the release " + RELEASE
        + " has 0.9018 (this build worse by 0.0068); expected worse by at most 0.0050, minimum 0.8968");
    assertThat(rule.check(RELEASE, 0.8970, 0.9018, Optional.empty()).passed()).isTrue();
    assertThat(rule.check(RELEASE, 0.9100, 0.9018, Optional.empty()).message()).contains("(this build better by 0.0082)");
  }

  @Test
  void lowerIsBetterForMseAndARelativeBoundScalesWithTheRelease() {
    ReleaseRule rule = ReleaseRule.of(2, "autoencoder", "mse", null, 0.02, null);

    assertThat(rule.limit(0.03)).isCloseTo(0.0306, within(1e-12));
    assertThat(rule.check(RELEASE, 0.0305, 0.03, Optional.empty()).passed()).isTrue();
    QualityGate.Verdict worse = rule.check(RELEASE, 0.0310, 0.03, Optional.empty());
    assertThat(worse.passed()).isFalse();
    assertThat(worse.message()).isEqualTo("autoencoder: test MSE is 0.0310, the release " + RELEASE + " has 0.0300 "
        + "(this build worse by 0.0010); expected worse by at most 0.0006 (2% of it), maximum 0.0306");
    assertThat(rule.check(RELEASE, 0.0250, 0.03, Optional.empty()).passed()).as("lower MSE is better").isTrue();
  }

  @Test
  void withASignificanceOnlyASignificantLossFails() {
    ReleaseRule rule = ReleaseRule.of(1, "classifier-finetune", "accuracy", 0.0, null, 0.05);
    // 20 images only the release gets right, 12 only the build: 0.08 points lost, p = 0.108 (not significant)
    QualityGate.Verdict noise = rule.check(RELEASE, 0.9010, 0.9018, Optional.of(new McNemar(20, 12)));
    // 60 against 20: 0.4 points lost, p far below 0.05
    QualityGate.Verdict real = rule.check(RELEASE, 0.8978, 0.9018, Optional.of(new McNemar(60, 20)));

    assertThat(noise.passed()).isTrue();
    assertThat(noise.message()).contains("McNemar: 20 test images only the release gets right, 12 only this build, "
        + "p = 0.1077 (one-sided), not significant at 0.05, so the rule holds");
    assertThat(real.passed()).isFalse();
    assertThat(real.message()).contains("McNemar: 60 test images only the release gets right, 20 only this build")
        .endsWith(", significant at 0.05");
    // without a significance the same loss fails on the bound alone, the test reported beside it
    assertThat(ReleaseRule.of(1, "classifier-finetune", "accuracy", 0.0, null, null)
        .check(RELEASE, 0.9010, 0.9018, Optional.of(new McNemar(20, 12))).passed()).isFalse();
  }

  @Test
  void badRulesAreNamedBeforeAnyWork() {
    assertThatThrownBy(() -> ReleaseRule.of(3, "autoencoder", "mse", 0.001, 0.02, null))
        .hasMessage("releaseRules/releaseRule[3]: expected one of <maxWorse> and <maxWorseRelative>, found both");
    assertThatThrownBy(() -> ReleaseRule.of(3, "autoencoder", "mse", null, null, null))
        .hasMessage("releaseRules/releaseRule[3]: expected one of <maxWorse> and <maxWorseRelative>, found neither");
    assertThatThrownBy(() -> ReleaseRule.of(1, "autoencoder", "mse", 0.001, null, 0.05))
        .hasMessageStartingWith("releaseRules/releaseRule[1]/significance: McNemar's test compares classifiers' answers");
    assertThatThrownBy(() -> ReleaseRule.of(1, "classifier-frozen", "acc", 0.01, null, null))
        .hasMessage("releaseRules/releaseRule[1]/metric: expected one of mse, crossEntropy, accuracy, macroF1, found 'acc'");
    assertThatThrownBy(() -> ReleaseRule.of(1, "classifier-frozen", "accuracy", -0.01, null, null))
        .hasMessage("releaseRules/releaseRule[1]/maxWorse: expected a finite bound of at least 0, found -0.01");
    assertThatThrownBy(() -> ReleaseRule.of(1, "classifier-frozen", "accuracy", 0.01, null, 1.5))
        .hasMessageStartingWith("releaseRules/releaseRule[1]/significance: expected a level in (0, 1)");
    assertThatThrownBy(() -> ReleaseRule.of(2, "no-linear/autoencoder", "mse", 0.01, null, null))
        .hasMessage("releaseRules/releaseRule[2]/stage: expected a stage a release publishes (autoencoder, "
            + "classifier-finetune or classifier-frozen), found 'no-linear/autoencoder'");
    assertThatThrownBy(() -> ReleaseRule.of(2, "classifier-fine", "accuracy", 0.01, null, null))
        .hasMessageStartingWith("releaseRules/releaseRule[2]/stage: expected autoencoder, classifier-finetune, ");
    assertThatThrownBy(() -> ReleaseRule.of(2, "autoencoder", "accuracy", 0.01, null, null))
        .hasMessageStartingWith("releaseRules/releaseRule[2]");
  }
}
