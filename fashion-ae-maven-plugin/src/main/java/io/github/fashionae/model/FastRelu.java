package io.github.fashionae.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU with a cheaper derivative than DL4J 1.0.0-M2.1's {@code ActivationReLU}, whose backpropagation runs
 * the generic {@code relu_bp} op into a freshly allocated array (about 2 ms per call on the first convolution
 * here). This one computes the same gradient in place: step(z) = (z > 0 ? 1 : 0), times the incoming
 * gradient. The forward pass is DL4J's own.
 */
public final class FastRelu extends BaseActivationFunction {

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    Nd4j.getExecutioner().exec(new RectifiedLinear(in, in));
    return in;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    Nd4j.getExecutioner().exec(new Step(in, in, 0.0));
    return new Pair<>(in.muli(epsilon), null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FastRelu;
  }

  @Override
  public int hashCode() {
    return FastRelu.class.hashCode();
  }

  @Override
  public String toString() {
    return "relu";
  }
}
