package io.github.fashionae.model;

import io.github.fashionae.numerics.Kernels;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The softmax of each row by the portable numerics ({@link Kernels#softmaxRows}), in place. DL4J's
 * {@code ActivationSoftmax} runs ND4J's softmax op (the C library's {@code exp}, or oneDNN's kernel chosen by the CPU).
 * Groundwork of the portable engine (issue 23).
 */
public final class PortableSoftmax extends BaseActivationFunction {

  private static final long serialVersionUID = 1L;

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    float[] values = PortableArrays.rowMajor(in);
    Kernels.softmaxRows(values, 0, (int) in.size(0), (int) in.size(1));
    return PortableArrays.assign(in, values);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    float[] outputs = PortableArrays.rowMajor(in);
    int rows = (int) in.size(0);
    int columns = (int) in.size(1);
    Kernels.softmaxRows(outputs, 0, rows, columns);
    float[] gradients = PortableArrays.rowMajor(epsilon);
    Kernels.softmaxBackward(outputs, gradients, rows, columns);
    return new Pair<>(PortableArrays.assign(in, gradients), null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableSoftmax;
  }

  @Override
  public int hashCode() {
    return PortableSoftmax.class.hashCode();
  }

  @Override
  public String toString() {
    return "softmax";
  }
}
