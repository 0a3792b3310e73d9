package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Deconvolution2D} computed by the portable numerics ({@link PortableConvolution} in its transposed
 * form): the same settings and parameter layout. Groundwork of the portable engine (issue 23): not yet in the
 * study's networks. A published network names DL4J's {@link Deconvolution2D} ({@link PortableNetworks}).
 */
public class PortableDeconvolution2D extends Deconvolution2D {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  protected PortableDeconvolution2D() {
  }

  /** The portable form of {@code deconvolution}: every setting as it is. */
  public static PortableDeconvolution2D of(Deconvolution2D deconvolution) {
    return PortableNetworks.as(deconvolution, PortableDeconvolution2D.class);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    LayerValidation.assertNInNOutSet("PortableDeconvolution2D", getLayerName(), layerIndex, getNIn(), getNOut());
    return Wiring.wire(new PortableConvolution(conf, networkDataType, true), conf, trainingListeners, layerIndex,
        layerParamsView, initializeParams, initializer());
  }
}
