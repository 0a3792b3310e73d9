package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.engine.Stages;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.testing.Defaults;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The portable weights: DL4J's UNIFORM distribution, drawn from the seed alone, one stream per layer. */
class PortableInitialisationTest {

  @Test
  void everyWeightIsUniformWithinDl4jsBoundAndEveryBiasZero() {
    MultiLayerNetwork portable = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(7), true);
    MultiLayerNetwork dl4j = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(7), false);

    int layersWithWeights = 0;
    for (int i = 0; i < portable.getLayers().length; i++) {
      INDArray weights = portable.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY);
      if (weights == null) {
        continue;
      }
      layersWithWeights++;
      // DL4J's own draw of the same layer spans the same interval [-a, a): its largest weight sets the bound
      double bound = dl4j.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY).amaxNumber().doubleValue();
      float[] values = weights.dup().data().asFloat();
      double sum = 0;
      double squares = 0;
      for (float value : values) {
        assertThat(Math.abs(value)).as("layer %d", i).isLessThanOrEqualTo((float) (bound * 1.01));
        sum += value;
        squares += (double) value * value;
      }
      double mean = sum / values.length;
      double variance = squares / values.length - mean * mean;
      assertThat(Math.abs(mean)).as("layer %d's mean", i).isLessThan(4 * bound / Math.sqrt(3 * values.length));
      assertThat(variance / (bound * bound / 3)).as("layer %d's variance over a^2/3", i).isBetween(0.85, 1.15);
      assertThat(portable.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY).amaxNumber().doubleValue())
          .as("layer %d's biases", i).isZero();
    }
    assertThat(layersWithWeights).isEqualTo(6);
  }

  @Test
  void theWeightsDependOnTheSeedAndTheLayerOnly() {
    MultiLayerNetwork first = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(7), true);
    MultiLayerNetwork again = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(7), true);
    MultiLayerNetwork other = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(8), true);

    assertThat(again.params()).isEqualTo(first.params());
    assertThat(other.params()).isNotEqualTo(first.params());
    // two layers of the same size draw from two streams
    float[] a = PortableInitialisation.uniform(64, 64, 7, 0);
    float[] b = PortableInitialisation.uniform(64, 64, 7, 1);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aClassifiersHeadIsDrawnAndItsEncoderCopied() {
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(7), true);
    MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, Defaults.settings(7),
        true);

    List<INDArray> encoder = new ArrayList<>();
    for (Layer layer : autoencoder.getLayers()) {
      if (layer.getParam(DefaultParamInitializer.WEIGHT_KEY) != null && encoder.size() < 3) {
        encoder.add(layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
      }
    }
    List<INDArray> copied = new ArrayList<>();
    INDArray head = null;
    for (Layer layer : classifier.getLayers()) {
      INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
      if (weights != null) {
        if (copied.size() < 3) {
          copied.add(weights);
        } else {
          head = weights;
        }
      }
    }
    assertThat(copied).isEqualTo(encoder);
    assertThat(head).isNotNull();
    assertThat(head.amaxNumber().doubleValue()).isPositive().isLessThan(1 / Math.sqrt(head.size(0)) * 1.0001);
  }
}
