package io.github.fashionae.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer of a {@link PortableOutputLayer}: the dense part of DL4J's output layer by {@link PortableDense}'s
 * arithmetic, the loss's gradient by its (portable) loss function. Float, no mask, no weight noise; otherwise DL4J's
 * own computation.
 */
final class PortableOutput extends OutputLayer {

  private static final long serialVersionUID = 1L;

  PortableOutput(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean portableCase() {
    return input != null && input.rank() == 2 && dataType == DataType.FLOAT && maskArray == null
        && layerConf().getWeightNoise() == null;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                         LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
    }
    assertInputSet(forBackprop);
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray out = PortableDense.forward(input, getParam(DefaultParamInitializer.WEIGHT_KEY), hasBias()
        ? getParam(DefaultParamInitializer.BIAS_KEY) : null, workspaceMgr);
    return new Pair<>(out, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!portableCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray preOutput = preOutput2d(true, workspaceMgr);
    INDArray delta = layerConf().getLossFn().computeGradient(getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM),
        preOutput, layerConf().getActivationFn(), maskArray);
    Pair<Gradient, INDArray> result = PortableDense.backward(input, delta,
        getParam(DefaultParamInitializer.WEIGHT_KEY), gradientViews, hasBias(), workspaceMgr);
    weightNoiseParams.clear();
    return new Pair<>(result.getFirst(), backpropDropOutIfPresent(result.getSecond()));
  }
}
