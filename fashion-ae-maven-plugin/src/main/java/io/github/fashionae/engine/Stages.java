package io.github.fashionae.engine;

import io.github.fashionae.model.Networks;
import io.github.fashionae.model.PortableInitialisation;
import io.github.fashionae.model.PortableLayers;
import io.github.fashionae.model.PortableNetworks;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
    return newAutoencoder(spec, settings, false);
  }

  /**
   * A new autoencoder with weights drawn from the seed; {@code portable}: in portable form ({@link PortableLayers}),
   * its weights drawn by {@link PortableInitialisation}.
   */
  public static MultiLayerNetwork newAutoencoder(AutoencoderSpec spec, TrainingSettings settings, boolean portable) {
    MultiLayerConfiguration configuration = Networks.autoencoder(spec, settings);
    MultiLayerNetwork net = new MultiLayerNetwork(portable ? PortableLayers.of(configuration) : configuration);
    net.init();
    if (portable) {
      PortableInitialisation.initialise(net, settings.seed());
    }
    return net;
  }

  /** {@code net} in portable form ({@link PortableLayers}): the same parameters and updater state. */
  public static MultiLayerNetwork portable(MultiLayerNetwork net) {
    MultiLayerNetwork portable = new MultiLayerNetwork(PortableLayers.of(net.getLayerWiseConfigurations()));
    portable.init(net.params().dup(), false);
    return portable;
  }

  /**
   * A classifier whose encoder layers hold copies of {@code autoencoder}'s, and whose head is drawn from the
   * seed.
   *
   * @throws IllegalArgumentException when the autoencoder has no linear bottleneck (the study's ablation), or is
   *     not this plugin's autoencoder of its latent size (layer by layer, parameter shape by parameter shape)
   */
  public static MultiLayerNetwork newClassifier(MultiLayerNetwork autoencoder, ClassifierMode mode,
                                                TrainingSettings settings) {
    return newClassifier(autoencoder, mode, settings, false);
  }

  /** As {@link #newClassifier(MultiLayerNetwork, ClassifierMode, TrainingSettings)}; {@code portable}: in portable form. */
  public static MultiLayerNetwork newClassifier(MultiLayerNetwork autoencoder, ClassifierMode mode,
                                                TrainingSettings settings, boolean portable) {
    int latentSize = latentSize(autoencoder);
    MultiLayerConfiguration configuration = Networks.classifier(latentSize, mode, settings);
    MultiLayerNetwork net = new MultiLayerNetwork(portable ? PortableLayers.of(configuration) : configuration);
    net.init();
    if (portable) {
      PortableInitialisation.initialise(net, settings.seed());
    }
    requireStudyAutoencoder(autoencoder, latentSize, settings); // after the head's initialisation: same numbers
    List<Layer> from = encoderLayers(autoencoder);
    List<Layer> to = encoderLayers(net);
    for (int i = 0; i < from.size(); i++) {
      to.get(i).setParams(from.get(i).params().dup());
    }
    return net;
  }

  /**
   * Checks that {@code autoencoder} is this plugin's autoencoder of latent size {@code latentSize}, layer by layer
   * and parameter by parameter, before a classifier copies its encoder: another model that happens to start with
   * two convolutions and a dense layer must not pass.
   *
   * @throws IllegalArgumentException naming the first layer or parameter that differs, expected and found
   */
  static void requireStudyAutoencoder(MultiLayerNetwork autoencoder, int latentSize, TrainingSettings settings) {
    MultiLayerNetwork expected = newAutoencoder(new AutoencoderSpec(latentSize, true), settings);
    String what = "expected the study's autoencoder with latent size " + latentSize + " as the encoder model";
    if (expected.getnLayers() != autoencoder.getnLayers()) {
      throw new IllegalArgumentException(what + " (" + expected.getnLayers() + " layers), found a model of "
          + autoencoder.getnLayers() + " layers");
    }
    // layer by layer in the published form, which names DL4J's own layers, whichever form each side is in
    MultiLayerConfiguration wantForm = PortableNetworks.configuration(expected.getLayerWiseConfigurations());
    MultiLayerConfiguration haveForm = PortableNetworks.configuration(autoencoder.getLayerWiseConfigurations());
    for (int i = 0; i < expected.getnLayers(); i++) {
      Map<String, INDArray> want = expected.getLayer(i).paramTable();
      Map<String, INDArray> have = autoencoder.getLayer(i).paramTable();
      String wantLayer = wantForm.getConf(i).getLayer().getClass().getSimpleName();
      String haveLayer = haveForm.getConf(i).getLayer().getClass().getSimpleName();
      if (!wantLayer.equals(haveLayer) || !want.keySet().equals(have.keySet())) {
        throw new IllegalArgumentException(what + ": layer " + i + " should be a " + wantLayer + " with parameters "
            + want.keySet() + ", found a " + haveLayer + " with " + have.keySet());
      }
      for (String name : want.keySet()) {
        if (!Arrays.equals(want.get(name).shape(), have.get(name).shape())) {
          throw new IllegalArgumentException(what + ": layer " + i + " parameter " + name + " should have shape "
              + Arrays.toString(want.get(name).shape()) + ", found " + Arrays.toString(have.get(name).shape()));
        }
      }
    }
  }

  /** The encoder's layers with parameters, in order: two convolutions and the linear layer. */
  static List<Layer> encoderLayers(MultiLayerNetwork net) {
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : net.getLayers()) {
      if (layer.numParams() > 0 && layers.size() < Networks.ENCODER_PARAMETER_LAYERS) {
        layers.add(layer);
      }
    }
    return layers;
  }

  /** The latent size of an autoencoder with the linear bottleneck. */
  public static int latentSize(MultiLayerNetwork autoencoder) {
    List<Layer> encoder = encoderLayers(autoencoder);
    Layer layer = encoder.size() == Networks.ENCODER_PARAMETER_LAYERS ? encoder.get(encoder.size() - 1) : null;
    if (layer == null || !(layer.conf().getLayer() instanceof DenseLayer dense)) {
      throw new IllegalArgumentException("expected an autoencoder with the linear bottleneck (a dense layer "
          + "after the convolutions), found one without it: a classifier needs the latent code");
    }
    return (int) dense.getNOut();
  }

  /** The encoder's parameters (convolutions and linear layer), flattened, as a copy. */
  public static INDArray encoderParameters(MultiLayerNetwork net) {
    List<Layer> encoder = encoderLayers(net);
    INDArray[] parts = new INDArray[encoder.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = encoder.get(i).params().dup().reshape(1, -1);
    }
    return Nd4j.hstack(parts);
  }
}
