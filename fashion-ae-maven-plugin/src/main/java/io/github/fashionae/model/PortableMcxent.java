package io.github.fashionae.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-class cross-entropy, DL4J's {@code LossMCXENT} after a softmax: score {@code -Σ_c t log(max(p, 1e-10))};
 * gradient with respect to the pre-activations {@code p - t} (the softmax's and the loss's together).
 */
public final class PortableMcxent extends PortableLoss {

  private static final long serialVersionUID = 1L;

  /** DL4J's clip of the softmax's outputs before the logarithm. */
  static final double CLIP = 1e-10;

  @Override
  double score(float[] outputs, float[] labels, int row, int columns) {
    double sum = 0;
    for (int c = row; c < row + columns; c++) {
      if (labels[c] != 0) {
        sum -= labels[c] * StrictMath.log(Math.max(outputs[c], CLIP));
      }
    }
    return sum;
  }

  @Override
  float[] gradient(float[] outputs, float[] labels, INDArray preOutput, IActivation activation, int rows,
                   int columns) {
    if (!(activation instanceof PortableSoftmax)) {
      throw new UnsupportedOperationException("the portable cross-entropy follows a PortableSoftmax, not "
          + activation);
    }
    float[] gradient = new float[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      gradient[i] = outputs[i] - labels[i];
    }
    return gradient;
  }

  @Override
  public String name() {
    return "mcxent";
  }

  @Override
  public String toString() {
    return "PortableMcxent()";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableMcxent;
  }

  @Override
  public int hashCode() {
    return PortableMcxent.class.hashCode();
  }
}
