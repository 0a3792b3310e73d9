package io.github.fashionae.model;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.Kernels;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer of a {@link PortableDenseLayer}: {@code z = x·W + b} forward, and backward {@code dW = x^T·δ},
 * {@code db = Σ δ} over the examples and {@code ε = δ·W^T}, each by {@link Gemm} and {@link Kernels}, whose every
 * element is one fixed chain of exactly rounded operations. ND4J only holds the arrays (copies in and out are exact)
 * and applies the activation (an element-wise function: exact for ReLU). Float networks without layer norm, weight
 * noise or masks; anything else is DL4J's own computation. {@link PortableOutput} shares the arithmetic.
 */
final class PortableDense extends DenseLayer {

  private static final long serialVersionUID = 1L;

  /**
   * The training forward pass's pre-activations and the input they were computed from: the backward pass on the
   * same input takes them instead of computing them again (DL4J's own dense layer does).
   */
  private transient float[] kept;
  private transient INDArray keptOf;

  PortableDense(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean portableCase() {
    return input != null && input.rank() == 2 && dataType == DataType.FLOAT && !hasLayerNorm()
        && layerConf().getWeightNoise() == null && maskArray == null;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                         LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }
    assertInputSet(forBackprop);
    applyDropOutIfNecessary(training, workspaceMgr);
    long[] shape = {input.size(0), layerConf().getNOut()};
    if (forBackprop && keptOf == input) { // the training forward pass's, not computed again
      INDArray out = PortableArrays.assign(workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
          shape, 'c'), kept);
      keptOf = null;
      return new Pair<>(out, out);
    }
    float[] z = preOutputs(input, getParam(DefaultParamInitializer.WEIGHT_KEY), hasBias()
        ? getParam(DefaultParamInitializer.BIAS_KEY) : null);
    kept = training && !forBackprop ? z : null;
    keptOf = kept != null ? input : null;
    INDArray out = PortableArrays.assign(workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        shape, 'c'), z);
    return new Pair<>(out, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(DataType.FLOAT)).getFirst();
    Pair<Gradient, INDArray> result = backward(input, delta, getParam(DefaultParamInitializer.WEIGHT_KEY),
        gradientViews, hasBias(), workspaceMgr);
    weightNoiseParams.clear();
    return new Pair<>(result.getFirst(), backpropDropOutIfPresent(result.getSecond()));
  }

  /** {@code x·W + b} ([batch][nOut], in the activations' workspace, where DL4J's own dense layer puts it). */
  static INDArray forward(INDArray input, INDArray weights, INDArray bias, LayerWorkspaceMgr workspaceMgr) {
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        new long[] {input.size(0), weights.size(1)}, 'c');
    return PortableArrays.assign(out, preOutputs(input, weights, bias));
  }

  /** {@code x·W + b}, [batch][nOut], as floats. */
  static float[] preOutputs(INDArray input, INDArray weights, INDArray bias) {
    int batch = (int) input.size(0);
    int nIn = (int) weights.size(0);
    int nOut = (int) weights.size(1);
    float[] x = PortableArrays.rowMajor(input);
    float[] w = new float[nIn * nOut]; // [nIn][nOut]; DL4J keeps it column-major, its transpose row by row
    Kernels.transpose(PortableArrays.transposed(weights), 0, nOut, nIn, w, 0);
    float[] z = new float[batch * nOut];
    Gemm.multiply(Gemm.Matrix.of(x, 0, nIn), Gemm.Matrix.of(w, 0, nOut), z, 0, nOut, nOut, nIn,
        bias == null ? Gemm.Init.ZERO : Gemm.Init.COLUMN_BIAS, bias == null ? null : PortableArrays.rowMajor(bias),
        0, batch);
    return z;
  }

  /**
   * The weight and bias gradients from the input and δ ([batch][nOut]), written into {@code gradientViews}, and the
   * gradient with respect to the input, {@code δ·W^T}.
   */
  static Pair<Gradient, INDArray> backward(INDArray input, INDArray deltaArray, INDArray weights,
                                           Map<String, INDArray> gradientViews, boolean hasBias,
                                           LayerWorkspaceMgr workspaceMgr) {
    int batch = (int) input.size(0);
    int nIn = (int) weights.size(0);
    int nOut = (int) weights.size(1);
    float[] delta = PortableArrays.rowMajor(deltaArray); // [batch][nOut]
    float[] x = PortableArrays.rowMajor(input); // [batch][nIn]

    Gradient gradient = new DefaultGradient();
    if (hasBias) {
      float[] biasGradient = new float[nOut];
      Kernels.columnSums(delta, 0, batch, nOut, biasGradient, 0);
      INDArray view = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, PortableArrays.assign(view, biasGradient));
    }
    // dW^T = δ^T·x ([nOut][nIn]: the view's column-major order): element (j, i) sums δ[b][j]·x[b][i] over the
    // examples in order, as dW = x^T·δ would (a fused multiply-add's two factors commute exactly)
    float[] weightGradientT = new float[nOut * nIn];
    Gemm.multiply(Gemm.Matrix.transposed(delta, 0, nOut), Gemm.Matrix.of(x, 0, nIn), weightGradientT, 0, nIn, nIn,
        batch, Gemm.Init.ZERO, null, 0, nOut);
    INDArray weightView = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    PortableArrays.assignTransposed(weightView, weightGradientT); // the view is [nIn][nOut]
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightView);

    // ε = δ·W^T: W^T row-major, [nOut][nIn]
    float[] wT = PortableArrays.transposed(weights);
    float[] next = new float[batch * nIn];
    Gemm.multiply(Gemm.Matrix.of(delta, 0, nOut), Gemm.Matrix.of(wT, 0, nIn), next, 0, nIn, nIn, nOut,
        Gemm.Init.ZERO, null, 0, batch);
    INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        new long[] {batch, nIn}, 'c');
    return new Pair<>(gradient, PortableArrays.assign(epsilonNext, next));
  }
}
