package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link DenseLayer} computed by the portable numerics ({@link PortableDense}): the same settings, the same
 * parameters in the same layout, products and sums in an order fixed by the code. Groundwork of the portable engine
 * (issue 23): not yet in the study's networks. A published network names DL4J's {@link DenseLayer} instead
 * ({@link PortableNetworks}).
 */
public class PortableDenseLayer extends DenseLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  public PortableDenseLayer() {
  }

  /** The portable form of {@code dense}: every setting as it is. */
  public static PortableDenseLayer of(DenseLayer dense) {
    return PortableNetworks.as(dense, PortableDenseLayer.class);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    LayerValidation.assertNInNOutSet("PortableDenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
    return Wiring.wire(new PortableDense(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }
}
