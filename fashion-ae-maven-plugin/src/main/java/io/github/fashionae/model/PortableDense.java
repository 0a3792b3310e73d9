package io.github.fashionae.model;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.Kernels;
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
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of a {@link PortableDenseLayer}: {@code z = x·W + b} forward, and backward {@code dW = x^T·δ},
 * {@code db = Σ δ} over the examples and {@code ε = δ·W^T}, each by {@link Gemm} and {@link Kernels}, whose every
 * element is one fixed chain of exactly rounded operations. ND4J only holds the arrays (copies in and out are exact)
 * and applies the activation (an element-wise function: exact for ReLU). Float networks without layer norm, weight
 * noise or masks; anything else is DL4J's own computation.
 */
final class PortableDense extends DenseLayer {

  private static final long serialVersionUID = 1L;

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
    int batch = (int) input.size(0);
    int nIn = (int) layerConf().getNIn();
    int nOut = (int) layerConf().getNOut();
    float[] x = rowMajor(input);
    float[] w = rowMajor(getParam(DefaultParamInitializer.WEIGHT_KEY)); // [nIn][nOut]
    float[] z = new float[batch * nOut];
    if (hasBias()) {
      float[] b = rowMajor(getParam(DefaultParamInitializer.BIAS_KEY));
      Gemm.multiply(Gemm.Matrix.of(x, 0, nIn), Gemm.Matrix.of(w, 0, nOut), z, 0, nOut, nOut, nIn,
          Gemm.Init.COLUMN_BIAS, b, 0, batch);
    } else {
      Gemm.multiply(Gemm.Matrix.of(x, 0, nIn), Gemm.Matrix.of(w, 0, nOut), z, 0, nOut, nOut, nIn, Gemm.Init.ZERO,
          null, 0, batch);
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {batch, nOut},
        'c'); // where DL4J's own dense layer puts it, forward and backward
    out.assign(Nd4j.create(z, new long[] {batch, nOut}, 'c'));
    return new Pair<>(out, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
    INDArray deltaArray = layerConf().getActivationFn().backprop(z, epsilon.castTo(DataType.FLOAT)).getFirst();
    int batch = (int) input.size(0);
    int nIn = (int) layerConf().getNIn();
    int nOut = (int) layerConf().getNOut();
    float[] delta = rowMajor(deltaArray); // [batch][nOut]
    float[] x = rowMajor(input); // [batch][nIn]

    Gradient gradient = new DefaultGradient();
    if (hasBias()) {
      float[] biasGradient = new float[nOut];
      Kernels.columnSums(delta, 0, batch, nOut, biasGradient, 0);
      INDArray view = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      view.assign(Nd4j.create(biasGradient, view.shape(), 'c'));
      gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, view);
    }
    float[] weightGradient = new float[nIn * nOut];
    Gemm.multiply(Gemm.Matrix.transposed(x, 0, nIn), Gemm.Matrix.of(delta, 0, nOut), weightGradient, 0, nOut, nOut,
        batch, Gemm.Init.ZERO, null, 0, nIn);
    INDArray weightView = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    weightView.assign(Nd4j.create(weightGradient, new long[] {nIn, nOut}, 'c'));
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightView);

    // ε = δ·W^T: W^T row-major is W in column-major order, [nOut][nIn]
    float[] wT = getParam(DefaultParamInitializer.WEIGHT_KEY).dup('f').data().asFloat();
    float[] next = new float[batch * nIn];
    Gemm.multiply(Gemm.Matrix.of(delta, 0, nOut), Gemm.Matrix.of(wT, 0, nIn), next, 0, nIn, nIn, nOut,
        Gemm.Init.ZERO, null, 0, batch);
    INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        new long[] {batch, nIn}, 'c');
    epsilonNext.assign(Nd4j.create(next, new long[] {batch, nIn}, 'c'));
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
  }

  /** The array's elements in row-major order, copied exactly. */
  private static float[] rowMajor(INDArray array) {
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
