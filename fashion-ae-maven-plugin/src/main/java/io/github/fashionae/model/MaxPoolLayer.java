package io.github.fashionae.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The study's 2x2, stride-2 max pooling: DL4J's {@link SubsamplingLayer}, computed in Java ({@link MaxPool}). On an
 * AVX2 CPU, oneDNN v2.3 has no JIT kernel for the layout DL4J hands it and runs its reference loop: about 30 ms of
 * a 60 ms classifier step there (oneDNN's verbose log, see the results page), against 4 ms with AVX-512. DL4J also
 * runs each pooling's forward pass twice per step, the second time for the indices its backward pass needs. This
 * layer takes the maxima once, keeps where they were, and routes the gradient back to them: the same values as
 * DL4J's (the first maximum of a window wins, as in oneDNN), tested.
 */
public class MaxPoolLayer extends SubsamplingLayer {

  private static final long serialVersionUID = 1L;

  /** For JSON deserialization. */
  protected MaxPoolLayer() {
  }

  private MaxPoolLayer(Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                           int layerIndex, INDArray layerParamsView, boolean initializeParams,
                           DataType networkDataType) {
    return Wiring.wire(new MaxPool(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
        initializeParams, initializer());
  }

  @Override
  public MaxPoolLayer clone() {
    return (MaxPoolLayer) super.clone();
  }

  /** Builds a {@link MaxPoolLayer}: max pooling, 2x2 windows, stride 2. */
  public static final class Builder extends SubsamplingLayer.Builder {

    public Builder() {
      super(SubsamplingLayer.PoolingType.MAX, new int[] {2, 2}, new int[] {2, 2});
    }

    @Override
    @SuppressWarnings("unchecked")
    public MaxPoolLayer build() {
      super.build();
      return new MaxPoolLayer(this);
    }
  }
}
