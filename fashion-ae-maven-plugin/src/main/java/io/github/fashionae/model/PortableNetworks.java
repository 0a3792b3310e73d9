package io.github.fashionae.model;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The form in which a trained network is published: its configuration names only Deeplearning4j's own classes, so
 * that {@code ModelSerializer.restoreMultiLayerNetwork} opens it with {@code deeplearning4j-nn} and
 * {@code nd4j-native} alone, without this plugin's jar.
 *
 * <p>Each fast layer of this project's becomes the DL4J layer that computes the same function: {@link FastRelu}
 * becomes {@link ActivationReLU}, {@link FastDropout} becomes DL4J's {@link Dropout} of the same retain
 * probability, a {@link MaxPoolLayer} the {@link SubsamplingLayer} it extends, and an {@link InputConvolutionLayer}
 * becomes the {@link ConvolutionLayer} it extends, with every
 * setting as it was. {@link FrozenLayer} is DL4J's and stays, with its inner layer mapped. The fast layers differ
 * from DL4J's only in training (their backpropagation and dropout's random draws); in inference the two forms
 * compute the same operations, and their outputs are equal bit for bit ({@code PortableNetworksTest}). Parameters
 * and the updater's state are copied as they are, so the published network can also be trained on.
 */
public final class PortableNetworks {

  /** This project's package, which no published configuration may name. */
  public static final String PLUGIN_PACKAGE = "io.github.fashionae";

  private PortableNetworks() {
  }

  /** A copy of {@code trained} in the published form: same parameters, same updater state, DL4J's layers only. */
  public static MultiLayerNetwork of(MultiLayerNetwork trained) {
    MultiLayerConfiguration configuration = configuration(trained.getLayerWiseConfigurations());
    MultiLayerNetwork portable = new MultiLayerNetwork(configuration);
    portable.init(trained.params().dup(), false);
    Updater updater = trained.getUpdater(false);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    if (state != null) {
      portable.getUpdater().setStateViewArray(portable, state.dup(), false);
    }
    portable.setEpochCount(trained.getEpochCount());
    portable.setIterationCount(trained.getIterationCount());
    return portable;
  }

  /**
   * {@code configuration} with every fast layer replaced by DL4J's own.
   *
   * @throws IllegalStateException when the result still names a class of this plugin's (a layer added without a
   *     mapping here)
   */
  public static MultiLayerConfiguration configuration(MultiLayerConfiguration configuration) {
    MultiLayerConfiguration copy = configuration.clone();
    for (NeuralNetConfiguration layer : copy.getConfs()) {
      layer.setLayer(portable(layer.getLayer()));
    }
    String json = copy.toJson();
    int at = json.indexOf(PLUGIN_PACKAGE + ".");
    if (at >= 0) {
      throw new IllegalStateException("the published configuration would still name "
          + json.substring(at, Math.min(json.length(), json.indexOf('"', at))) + ", a class of this plugin's");
    }
    return copy;
  }

  private static Layer portable(Layer layer) {
    if (layer instanceof FrozenLayer frozen) {
      return new FrozenLayer(portable(frozen.getLayer()));
    }
    Layer copy = layer instanceof InputConvolutionLayer input ? as(input, ConvolutionLayer.class)
        : layer instanceof MaxPoolLayer pool ? as(pool, SubsamplingLayer.class)
        : layer instanceof PortableDenseLayer dense ? as(dense, DenseLayer.class)
        : layer instanceof PortableConvolutionLayer convolution ? as(convolution, ConvolutionLayer.class)
        : layer instanceof PortableDeconvolution2D deconvolution ? as(deconvolution, Deconvolution2D.class)
        : layer instanceof PortableOutputLayer output ? as(output, OutputLayer.class)
        : layer.clone();
    if (copy instanceof BaseLayer base && base.getActivationFn() instanceof FastRelu) {
      base.setActivationFn(new ActivationReLU());
    }
    if (copy instanceof BaseLayer base && base.getIUpdater() instanceof PortableAdam adam) {
      base.setIUpdater(adam.toAdam());
    }
    if (copy instanceof BaseLayer base && base.getBiasUpdater() instanceof PortableAdam adam) {
      base.setBiasUpdater(adam.toAdam());
    }
    if (copy instanceof BaseLayer base && base.getActivationFn() instanceof PortableSigmoid) {
      base.setActivationFn(new ActivationSigmoid());
    }
    if (copy instanceof BaseLayer base && base.getActivationFn() instanceof PortableSoftmax) {
      base.setActivationFn(new ActivationSoftmax());
    }
    if (copy instanceof BaseOutputLayer output && output.getLossFn() instanceof PortableMcxent) {
      output.setLossFn(new LossMCXENT());
    }
    if (copy instanceof BaseOutputLayer output && output.getLossFn() instanceof PortableMse) {
      output.setLossFn(new LossMSE());
    }
    if (copy instanceof LossLayer loss && loss.getLossFn() instanceof PortableMse) {
      loss.setLossFn(new LossMSE());
    }

    if (copy.getIDropout() instanceof FastDropout fast) {
      copy.setIDropout(new Dropout(fast.retain()));
    }
    return copy;
  }

  /**
   * The DL4J layer {@code type} with every setting of {@code layer}'s, a subclass of it that adds no field: its JSON
   * is the DL4J layer's under another class name.
   */
  static <T extends Layer> T as(Layer layer, Class<T> type) {
    ObjectMapper mapper = NeuralNetConfiguration.mapper();
    ObjectNode tree = mapper.valueToTree(layer);
    tree.put("@class", type.getName());
    try {
      return type.cast(mapper.treeToValue(tree, Layer.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot map layer " + layer.getLayerName() + " to a " + type.getSimpleName(), e);
    }
  }
}
