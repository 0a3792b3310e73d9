package io.github.fashionae.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What DL4J's layer configurations do in {@code instantiate} once they have made their layer, for ours. */
final class Wiring {

  private Wiring() {
  }

  /** Gives {@code layer} its listeners, index, parameter view and table (from {@code initializer}), and {@code conf}. */
  static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                  int index, INDArray paramsView, boolean initializeParams,
                                  ParamInitializer initializer) {
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    Map<String, INDArray> paramTable = initializer.init(conf, paramsView, initializeParams);
    layer.setParamTable(paramTable);
    layer.setConf(conf);
    return layer;
  }
}
