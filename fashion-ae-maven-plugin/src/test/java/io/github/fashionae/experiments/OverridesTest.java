package io.github.fashionae.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OverridesTest {

  private static final Overrides.Baseline BASE = new Overrides.Baseline(Defaults.autoencoder(),
      Defaults.settings(42), Defaults.settings(42));

  private static Overrides.Resolved apply(Map<String, String> overrides) {
    return Overrides.apply(BASE, new Experiment("x", new TreeMap<>(overrides)));
  }

  @Test
  void noOverridesIsTheBaselineWithoutClassifiers() {
    Overrides.Resolved resolved = apply(Map.of());
    assertThat(resolved.autoencoder()).isEqualTo(Defaults.autoencoder());
    assertThat(resolved.autoencoderSettings()).isEqualTo(Defaults.settings(42));
    assertThat(resolved.modes()).isEmpty();
  }

  @Test
  void overridesReplaceTheirInputsOnly() {
    Overrides.Resolved resolved = apply(Map.of("optimizer", "sgd", "learningRate", "0.01", "epochs", "3",
        "linearBottleneck", "false", "classifierDropout", "0.5"));
    assertThat(resolved.autoencoderSettings()).isEqualTo(new TrainingSettings(Optimizer.SGD, 0.01, 0.2, 100, 3, 42));
    assertThat(resolved.autoencoder()).isEqualTo(new AutoencoderSpec(64, false));
    assertThat(resolved.classifierSettings()).isEqualTo(new TrainingSettings(Optimizer.ADAM, 0.001, 0.5, 100, 3, 42));
    assertThat(apply(Map.of("classifierModes", "frozen,finetune")).modes())
        .containsExactly(ClassifierMode.FROZEN, ClassifierMode.FINETUNE);
  }

  @Test
  void badValuesNameTheExperimentAndKey() {
    assertThatThrownBy(() -> apply(Map.of("learningRate", "-1")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("experiments/x/learningRate: expected a number above 0, found -1.0");
    assertThatThrownBy(() -> apply(Map.of("dropout", "lots")))
        .hasMessage("experiments/x/dropout: expected a number, found 'lots'");
    assertThatThrownBy(() -> apply(Map.of("classifierDropout", "1")))
        .hasMessage("experiments/x/classifierDropout: expected a drop probability in [0, 1), found 1.0");
    assertThatThrownBy(() -> apply(Map.of("optimizer", "rmsprop")))
        .hasMessage("experiments/x/optimizer: expected one of adam, sgd, found 'rmsprop'");
    assertThatThrownBy(() -> apply(Map.of("linearBottleneck", "no")))
        .hasMessage("experiments/x/linearBottleneck: expected true or false, found 'no'");
    assertThatThrownBy(() -> apply(Map.of("epochs", "0")))
        .hasMessage("experiments/x/epochs: expected at least 1, found 0");
    assertThatThrownBy(() -> apply(Map.of("linearBottleneck", "false", "classifierModes", "finetune")))
        .hasMessageStartingWith("experiments/x/classifierModes: expected none: a classifier needs the linear "
            + "bottleneck's latent code");
  }
}
