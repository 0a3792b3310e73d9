package io.github.fashionae.model;

import io.github.fashionae.numerics.Kernels;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The logistic function by the portable numerics ({@link Kernels#sigmoid}: {@link StrictMath}'s exponential in double,
 * one rounding), in place as DL4J's own activations are. DL4J's {@code ActivationSigmoid} calls the C library's
 * {@code exp}, whose result may differ between CPUs. Groundwork of the portable engine (issue 23).
 */
public final class PortableSigmoid extends BaseActivationFunction {

  private static final long serialVersionUID = 1L;

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    float[] values = PortableArrays.rowMajor(in);
    Kernels.sigmoid(values, 0, values.length);
    return PortableArrays.assign(in, values);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    float[] outputs = PortableArrays.rowMajor(in);
    Kernels.sigmoid(outputs, 0, outputs.length);
    float[] gradients = PortableArrays.rowMajor(epsilon);
    Kernels.sigmoidBackward(outputs, gradients, gradients.length);
    return new Pair<>(PortableArrays.assign(in, gradients), null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableSigmoid;
  }

  @Override
  public int hashCode() {
    return PortableSigmoid.class.hashCode();
  }

  @Override
  public String toString() {
    return "sigmoid";
  }
}
