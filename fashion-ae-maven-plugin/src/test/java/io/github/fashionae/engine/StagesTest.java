package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** A classifier starts only from this plugin's autoencoder: anything else is named, not half-copied. */
class StagesTest {

  private static final TrainingSettings SETTINGS = Defaults.settings(4, 1);

  @Test
  void aClassifierStartsFromTheStudysAutoencoder() {
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(new AutoencoderSpec(32, true), SETTINGS);

    MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, SETTINGS);

    assertThat(Stages.latentSize(classifier)).isEqualTo(32);
    assertThat(Stages.encoderParameters(classifier)).isEqualTo(Stages.encoderParameters(autoencoder));
  }

  @Test
  void aModelThatIsNotTheStudysAutoencoderIsRejectedNamingWhatDiffers() {
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), SETTINGS);
    MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, SETTINGS);

    // a classifier's model.zip given as the encoder model: it starts like an autoencoder, then has a softmax head
    assertThatThrownBy(() -> Stages.newClassifier(classifier, ClassifierMode.FROZEN, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected the study's autoencoder with latent size 64 as the encoder model");
  }

  @Test
  void theAblationWithoutTheLinearBottleneckHasNoLatentCode() {
    MultiLayerNetwork ablation = Stages.newAutoencoder(new AutoencoderSpec(64, false), SETTINGS);

    assertThatThrownBy(() -> Stages.newClassifier(ablation, ClassifierMode.FINETUNE, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a classifier needs the latent code");
  }
}
