package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fashionae.numerics.KernelDigest;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The portable dense layer against DL4J's own: the same outputs and gradients within float rounding, from the same
 * parameters, and its gradients against finite differences of the loss.
 */
class PortableDenseLayerTest {

  private static final int BATCH = 20;
  private static final int IN = 800;
  private static final int HIDDEN = 64;

  /** Dense 800→64 with ReLU (the study's bottleneck) and a softmax head over ten classes. */
  private static MultiLayerNetwork network(boolean portable) {
    DenseLayer hidden = new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.RELU).build();
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM).updater(new Sgd(0.1)).list()
        .layer(portable ? PortableDenseLayer.of(hidden) : hidden)
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static INDArray features() {
    return Nd4j.create(KernelDigest.values(21, BATCH * IN), new long[] {BATCH, IN}, 'c');
  }

  private static INDArray labels() {
    float[] oneHot = new float[BATCH * 10];
    for (int i = 0; i < BATCH; i++) {
      oneHot[i * 10 + i % 10] = 1;
    }
    return Nd4j.create(oneHot, new long[] {BATCH, 10}, 'c');
  }

  @Test
  void itComputesWhatDl4jsDenseLayerComputesForwardAndBackward() {
    MultiLayerNetwork dl4j = network(false);
    MultiLayerNetwork portable = network(true);
    portable.setParams(dl4j.params().dup());
    assertThat(portable.getLayer(0)).isInstanceOf(PortableDense.class);

    float[] ours = portable.feedForwardToLayer(0, features(), false).get(1).data().asFloat();
    float[] theirs = dl4j.feedForwardToLayer(0, features(), false).get(1).data().asFloat();
    assertThat(ours).hasSameSizeAs(theirs);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).isCloseTo(theirs[i], within(1e-5f));
    }

    portable.setInput(features());
    portable.setLabels(labels());
    portable.computeGradientAndScore();
    dl4j.setInput(features());
    dl4j.setLabels(labels());
    dl4j.computeGradientAndScore();
    assertThat(portable.score()).isCloseTo(dl4j.score(), within(1e-5));
    float[] ourGradient = portable.gradient().gradient().dup().data().asFloat();
    float[] theirGradient = dl4j.gradient().gradient().dup().data().asFloat();
    float largest = 0;
    for (float g : theirGradient) {
      largest = Math.max(largest, Math.abs(g));
    }
    assertThat(largest).as("a gradient worth comparing").isGreaterThan(1e-3f);
    for (int i = 0; i < ourGradient.length; i++) {
      assertThat(ourGradient[i]).as("gradient %d", i).isCloseTo(theirGradient[i], within(1e-6f + 1e-4f * largest));
    }
  }

  @Test
  void itsGradientsAreTheLossesSlopes() {
    MultiLayerNetwork portable = network(true);
    portable.setInput(features());
    portable.setLabels(labels());
    portable.computeGradientAndScore();
    INDArray params = portable.params();
    float[] analytic = portable.gradient().gradient().dup().data().asFloat();
    // a few weights and biases of the portable layer (W is [800x64], then b): central differences in double
    int weights = IN * HIDDEN;
    for (int index : new int[] {0, 123, 4567, weights - 1, weights, weights + 17}) {
      double h = 1e-2;
      float original = params.getFloat(index);
      params.putScalar(index, original + h);
      double plus = score(portable);
      params.putScalar(index, original - h);
      double minus = score(portable);
      params.putScalar(index, original);
      double numeric = (plus - minus) / (2 * h);
      // DL4J's score averages over the batch; its gradient is summed over the batch
      assertThat(analytic[index] / BATCH).as("parameter %d", index).isCloseTo((float) numeric,
          within((float) (2e-3 + 0.05 * Math.abs(numeric))));
    }
  }

  private static double score(MultiLayerNetwork net) {
    net.setInput(features());
    net.setLabels(labels());
    net.computeGradientAndScore();
    return net.score();
  }

  @Test
  void aPublishedNetworkNamesDl4jsDenseLayer() {
    MultiLayerConfiguration published = PortableNetworks.configuration(network(true).getLayerWiseConfigurations());
    assertThat(published.getConf(0).getLayer()).isExactlyInstanceOf(DenseLayer.class);
    assertThat(published.toJson()).doesNotContain(PortableNetworks.PLUGIN_PACKAGE);
  }
}
