package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's first convolution: DL4J's {@link ConvolutionLayer}, whose training can skip the gradient with
 * respect to the images. Nothing upstream of the images learns, and DL4J's {@code MultiLayerNetwork.fit}
 * discards that gradient, but DL4J 1.0.0-M2.1 computes it anyway: with one input channel, oneDNN's
 * {@code conv2d_bp} takes about 9 ms per step of 100 images here, against 1.4 ms for the forward pass. PyTorch
 * skips it, as the images do not require a gradient. See {@link InputConvolution} for how the weight and bias
 * gradients are computed instead.
 *
 * <p>A loaded network computes the full gradient, as a plain {@code ConvolutionLayer}; only a network given to
 * {@link #skipInputGradient(MultiLayerNetwork)} (the trainer's) skips it.
 */
public class InputConvolutionLayer extends ConvolutionLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  protected InputConvolutionLayer() {
  }

  private InputConvolutionLayer(Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    LayerValidation.assertNInNOutSet("InputConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
    return Wiring.wire(new InputConvolution(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  /**
   * Makes the first layer of {@code net}, when it is an input convolution, skip the gradient with respect to
   * the images in backpropagation (it passes back zeros instead), for a network that is only trained: from
   * then on, {@code net}'s gradients with respect to its input (a saliency map, say) are zeros.
   *
   * @return whether the first layer was switched
   * @throws IllegalArgumentException when an input convolution sits anywhere else: the layers before it would
   *     get no gradient
   */
  public static boolean skipInputGradient(MultiLayerNetwork net) {
    Layer[] layers = net.getLayers();
    for (int i = 1; i < layers.length; i++) {
      if (inputConvolution(layers[i]) != null) {
        throw new IllegalArgumentException("layer " + i + " is an InputConvolutionLayer, but only a network's "
            + "first layer may skip its input gradient: the layers before it would get none");
      }
    }
    Layer first = layers.length == 0 ? null : unfrozen(layers[0]);
    if (first instanceof PortableConvolution portable) { // the portable form of an input convolution
      return portable.skipInputGradient();
    }
    if (!(first instanceof InputConvolution input)) {
      return false;
    }
    input.skipInputGradient();
    return true;
  }

  private static InputConvolution inputConvolution(Layer layer) {
    return unfrozen(layer) instanceof InputConvolution input ? input : null;
  }

  /** The layer a {@link FrozenLayer} wraps, or {@code layer} itself. */
  private static Layer unfrozen(Layer layer) {
    return layer instanceof FrozenLayer frozen ? frozen.getInsideLayer() : layer;
  }

  /** Builds an {@link InputConvolutionLayer}; the same settings as DL4J's convolution builder. */
  public static final class Builder extends ConvolutionLayer.Builder {

    /** @param kernelSize the kernel's height and width */
    public Builder(int... kernelSize) {
      super(kernelSize);
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputConvolutionLayer build() {
      super.build();
      return new InputConvolutionLayer(this);
    }
  }
}
