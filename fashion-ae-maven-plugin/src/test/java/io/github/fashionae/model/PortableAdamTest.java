package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fashionae.numerics.KernelDigest;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The portable Adam against DL4J's: the same steps within float rounding, the same state, published as Adam. */
class PortableAdamTest {

  private static MultiLayerNetwork network(boolean portable) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM).updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(20).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(4)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(portable ? PortableLayers.of(conf) : conf);
    net.init();
    return net;
  }

  private static DataSet data() {
    float[] labels = new float[8 * 4];
    for (int i = 0; i < 8; i++) {
      labels[i * 4 + i % 4] = 1;
    }
    return new DataSet(Nd4j.create(KernelDigest.values(51, 8 * 20), new long[] {8, 20}, 'c'),
        Nd4j.create(labels, new long[] {8, 4}, 'c'));
  }

  @Test
  void itStepsAsDl4jsAdamWithinFloatRounding() {
    MultiLayerNetwork dl4j = network(false);
    MultiLayerNetwork portable = network(true);
    portable.setParams(dl4j.params().dup());
    assertThat(((BaseLayer) portable.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater())
        .isInstanceOf(PortableAdam.class);

    for (int step = 0; step < 5; step++) {
      dl4j.fit(data());
      portable.fit(data());
    }

    float[] ours = portable.params().dup().data().asFloat();
    float[] theirs = dl4j.params().dup().data().asFloat();
    float[] start = network(false).params().dup().data().asFloat();
    double moved = 0;
    for (int i = 0; i < ours.length; i++) {
      moved = Math.max(moved, Math.abs(theirs[i] - start[i]));
      assertThat(ours[i]).as("parameter %d", i).isCloseTo(theirs[i], within(1e-5f));
    }
    assertThat(moved).as("five steps of 0.01 moved the parameters").isGreaterThan(0.02);
    float[] ourState = portable.getUpdater().getStateViewArray().dup().data().asFloat();
    float[] theirState = dl4j.getUpdater().getStateViewArray().dup().data().asFloat();
    for (int i = 0; i < ourState.length; i++) {
      assertThat(ourState[i]).as("moment %d", i).isCloseTo(theirState[i], within(1e-5f + 1e-4f * Math.abs(
          theirState[i])));
    }
  }

  @Test
  void aPublishedNetworkNamesDl4jsAdamWithTheSameStateLayout() {
    MultiLayerNetwork portable = network(true);
    portable.fit(data());
    MultiLayerNetwork published = PortableNetworks.of(portable);
    assertThat(((BaseLayer) published.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater())
        .isExactlyInstanceOf(Adam.class);
    INDArray state = portable.getUpdater().getStateViewArray();
    assertThat(published.getUpdater().getStateViewArray()).isEqualTo(state);
    assertThat(published.getLayerWiseConfigurations().toJson()).doesNotContain(PortableNetworks.PLUGIN_PACKAGE);
  }
}
