package io.github.fashionae.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * A study network's configuration with every layer that computes in floating point replaced by its portable form:
 * convolutions, transposed convolutions, dense and output layers by the portable numerics' layers, sigmoid and
 * softmax by {@link PortableSigmoid} and {@link PortableSoftmax}, MSE and cross-entropy by {@link PortableMse} and
 * {@link PortableMcxent}, Adam by {@link PortableAdam}. The same parameters and updater state, in the same layout and order: a network can be trained in either
 * form from the other's parameters. Layers that compute exactly stay ({@link MaxPoolLayer}, {@link FastRelu},
 * {@link FastDropout}'s mask). Groundwork of the portable engine (issue 23): not yet what the engine trains with.
 */
public final class PortableLayers {

  private PortableLayers() {
  }

  /** {@code configuration} in portable form. */
  public static MultiLayerConfiguration of(MultiLayerConfiguration configuration) {
    MultiLayerConfiguration copy = configuration.clone();
    for (NeuralNetConfiguration layer : copy.getConfs()) {
      layer.setLayer(portable(layer.getLayer()));
    }
    return copy;
  }

  /** True when {@code configuration} is in portable form: it has a layer of the portable numerics. */
  public static boolean isPortable(MultiLayerConfiguration configuration) {
    for (NeuralNetConfiguration conf : configuration.getConfs()) {
      Layer layer = conf.getLayer() instanceof FrozenLayer frozen ? frozen.getLayer() : conf.getLayer();
      if (layer instanceof PortableConvolutionLayer || layer instanceof PortableDeconvolution2D
          || layer instanceof PortableDenseLayer || layer instanceof PortableOutputLayer) {
        return true;
      }
    }
    return false;
  }

  private static Layer portable(Layer layer) {
    if (layer instanceof FrozenLayer frozen) {
      return new FrozenLayer(portable(frozen.getLayer()));
    }
    Layer copy = layer instanceof Deconvolution2D deconvolution && !(layer instanceof PortableDeconvolution2D)
        ? PortableDeconvolution2D.of(deconvolution)
        : layer instanceof ConvolutionLayer convolution && layer.getClass() != PortableConvolutionLayer.class
        && !(layer instanceof Deconvolution2D) ? PortableConvolutionLayer.of(convolution)
        : layer instanceof OutputLayer output && !(layer instanceof PortableOutputLayer)
        ? PortableOutputLayer.of(output)
        : layer instanceof DenseLayer dense && !(layer instanceof PortableDenseLayer) ? PortableDenseLayer.of(dense)
        : layer.clone();
    if (copy instanceof BaseLayer base && base.getIUpdater() instanceof Adam adam && !(adam instanceof PortableAdam)) {
      base.setIUpdater(new PortableAdam(adam));
    }
    if (copy instanceof BaseLayer base && base.getBiasUpdater() instanceof Adam adam
        && !(adam instanceof PortableAdam)) {
      base.setBiasUpdater(new PortableAdam(adam));
    }
    if (copy instanceof BaseLayer base && base.getActivationFn() instanceof ActivationSigmoid) {
      base.setActivationFn(new PortableSigmoid());
    }
    if (copy instanceof BaseLayer base && base.getActivationFn() instanceof ActivationSoftmax) {
      base.setActivationFn(new PortableSoftmax());
    }
    if (copy instanceof OutputLayer output && output.getLossFn() instanceof LossMCXENT) {
      output.setLossFn(new PortableMcxent());
    }
    if (copy instanceof LossLayer loss && loss.getLossFn() instanceof LossMSE) {
      if (!(loss.getActivationFn() instanceof ActivationIdentity)) {
        throw new IllegalArgumentException("a portable MSE loss layer takes an identity activation, not "
            + loss.getActivationFn());
      }
      loss.setLossFn(new PortableMse());
    }
    return copy;
  }
}
