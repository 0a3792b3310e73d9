package io.github.fashionae.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error per example, DL4J's {@code LossMSE}: score {@code Σ_c (t - y)² / columns}; gradient with
 * respect to the outputs {@code 2 (y - t) / columns}, then back through the activation.
 */
public final class PortableMse extends PortableLoss {

  private static final long serialVersionUID = 1L;

  @Override
  double score(float[] outputs, float[] labels, int row, int columns) {
    double sum = 0;
    for (int c = row; c < row + columns; c++) {
      float difference = labels[c] - outputs[c];
      sum += (double) difference * difference;
    }
    return sum / columns;
  }

  @Override
  float[] gradient(float[] outputs, float[] labels, INDArray preOutput, IActivation activation, int rows,
                   int columns) {
    float[] dLda = new float[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      dLda[i] = 2f * (outputs[i] - labels[i]) / columns;
    }
    if (activation instanceof ActivationIdentity) { // the autoencoder's: its gradient is dLda, as ND4J's gives it
      return dLda;
    }
    INDArray epsilon = PortableArrays.array(dLda, rows, columns);
    return PortableArrays.rowMajor(activation.backprop(preOutput.dup('c'), epsilon).getFirst());
  }

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public String toString() {
    return "PortableMse()";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortableMse;
  }

  @Override
  public int hashCode() {
    return PortableMse.class.hashCode();
  }
}
