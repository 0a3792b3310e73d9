package io.github.fashionae.training;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.Networks;
import io.github.fashionae.model.TrainingSettings;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds initialised networks: a fresh autoencoder, or a classifier on a trained autoencoder's encoder. */
public final class Stages {

  private Stages() {
  }

  /** A new autoencoder with weights drawn from the seed. */
  public static MultiLayerNetwork newAutoencoder(AutoencoderSpec spec, TrainingSettings settings) {
    MultiLayerNetwork net = new MultiLayerNetwork(Networks.autoencoder(spec, settings));
    net.init();
    return net;
  }

  /**
   * A classifier whose encoder layers hold copies of {@code autoencoder}'s, and whose head is drawn from the
   * seed.
   *
   * @throws IllegalArgumentException when the autoencoder has no linear bottleneck (the study's ablation)
   */
  public static MultiLayerNetwork newClassifier(MultiLayerNetwork autoencoder, ClassifierMode mode,
                                                TrainingSettings settings) {
    int latentSize = latentSize(autoencoder);
    MultiLayerNetwork net = new MultiLayerNetwork(Networks.classifier(latentSize, mode, settings));
    net.init();
    for (int index : Networks.ENCODER_LAYERS_WITH_PARAMS) {
      net.getLayer(index).setParams(autoencoder.getLayer(index).params().dup());
    }
    return net;
  }

  /** The latent size of an autoencoder with the linear bottleneck. */
  public static int latentSize(MultiLayerNetwork autoencoder) {
    Layer layer = autoencoder.getLayers().length > Networks.ENCODER_LAYER_COUNT ? autoencoder.getLayer(4) : null;
    if (layer == null || !(layer.conf().getLayer() instanceof DenseLayer dense)) {
      throw new IllegalArgumentException("expected an autoencoder with the linear bottleneck (a dense layer "
          + "after the convolutions), found one without it: a classifier needs the latent code");
    }
    return (int) dense.getNOut();
  }

  /** The encoder's parameters (convolutions and linear layer), flattened, as a copy. */
  public static INDArray encoderParameters(MultiLayerNetwork net) {
    INDArray[] parts = new INDArray[Networks.ENCODER_LAYERS_WITH_PARAMS.length];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = net.getLayer(Networks.ENCODER_LAYERS_WITH_PARAMS[i]).params().dup().reshape(1, -1);
    }
    return Nd4j.hstack(parts);
  }
}
