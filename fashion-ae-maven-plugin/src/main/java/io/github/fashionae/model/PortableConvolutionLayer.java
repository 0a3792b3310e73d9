package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link ConvolutionLayer} computed by the portable numerics ({@link PortableConvolution}): the same settings
 * and parameter layout, products and sums in an order fixed by the code. Groundwork of the portable engine (issue
 * 23): not yet in the study's networks. A published network names DL4J's {@link ConvolutionLayer}
 * ({@link PortableNetworks}).
 */
public class PortableConvolutionLayer extends ConvolutionLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  protected PortableConvolutionLayer() {
  }

  /** The portable form of {@code convolution}: every setting as it is. */
  public static PortableConvolutionLayer of(ConvolutionLayer convolution) {
    return PortableNetworks.as(convolution, PortableConvolutionLayer.class);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    LayerValidation.assertNInNOutSet("PortableConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
    return Wiring.wire(new PortableConvolution(conf, networkDataType, false), conf, trainingListeners, layerIndex,
        layerParamsView, initializeParams, initializer());
  }
}
