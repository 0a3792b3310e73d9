package io.github.fashionae.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The study's losses by the portable numerics, as DL4J defines them, without masks: every element one fixed
 * sequence of IEEE operations, each example's score a sum in column order in double, the batch's a sum in example
 * order. Groundwork of the portable engine (issue 23).
 *
 * <p>The loss of one example from its outputs and labels; its gradient with respect to the outputs, element-wise.
 */
abstract class PortableLoss implements ILossFunction {

  private static final long serialVersionUID = 1L;

  /** The example's score from its {@code columns} outputs and labels at {@code row}. */
  abstract double score(float[] outputs, float[] labels, int row, int columns);

  /** The gradient with respect to the pre-activations, [rows][columns], in place of {@code outputs}. */
  abstract float[] gradient(float[] outputs, float[] labels, INDArray preOutput, IActivation activation, int rows,
                            int columns);

  private static float[] outputs(INDArray preOutput, IActivation activation) {
    if (activation instanceof ActivationIdentity) { // the autoencoder's: no copy through ND4J
      return PortableArrays.rowMajor(preOutput);
    }
    return PortableArrays.rowMajor(activation.getActivation(preOutput.dup('c'), true));
  }

  private static void requireNoMask(INDArray mask) {
    if (mask != null) {
      throw new UnsupportedOperationException("the portable losses take no mask");
    }
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
    requireNoMask(mask);
    int rows = (int) labels.size(0);
    int columns = (int) labels.size(1);
    float[] outputs = outputs(preOutput, activation);
    float[] targets = PortableArrays.rowMajor(labels);
    double[] scores = new double[rows];
    for (int r = 0; r < rows; r++) {
      scores[r] = score(outputs, targets, r * columns, columns);
    }
    return Nd4j.createFromArray(scores).reshape(rows, 1).castTo(preOutput.dataType());
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask,
                             boolean average) {
    requireNoMask(mask);
    int rows = (int) labels.size(0);
    int columns = (int) labels.size(1);
    float[] outputs = outputs(preOutput, activation);
    float[] targets = PortableArrays.rowMajor(labels);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += score(outputs, targets, r * columns, columns);
    }
    return average ? sum / rows : sum;
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
    requireNoMask(mask);
    int rows = (int) labels.size(0);
    int columns = (int) labels.size(1);
    float[] gradient = gradient(outputs(preOutput, activation), PortableArrays.rowMajor(labels), preOutput,
        activation, rows, columns);
    return PortableArrays.array(gradient, rows, columns).castTo(preOutput.dataType());
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activation,
                                                       INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activation, mask, average),
        computeGradient(labels, preOutput, activation, mask));
  }
}
