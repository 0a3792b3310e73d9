package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link OutputLayer} computed by the portable numerics ({@link PortableOutput}), with a portable softmax and
 * cross-entropy ({@link PortableSoftmax}, {@link PortableMcxent}). Groundwork of the portable engine (issue 23): not
 * yet in the study's networks. A published network names DL4J's {@link OutputLayer}, softmax and MCXENT
 * ({@link PortableNetworks}).
 */
public class PortableOutputLayer extends OutputLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  public PortableOutputLayer() {
  }

  /** The portable form of {@code output}: every setting as it is. */
  public static PortableOutputLayer of(OutputLayer output) {
    return PortableNetworks.as(output, PortableOutputLayer.class);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    LayerValidation.assertNInNOutSet("PortableOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
    return Wiring.wire(new PortableOutput(conf, networkDataType), conf, trainingListeners, layerIndex,
        layerParamsView, initializeParams, initializer());
  }
}
