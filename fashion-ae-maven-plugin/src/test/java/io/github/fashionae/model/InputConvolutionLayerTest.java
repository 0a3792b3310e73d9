package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.engine.Stages;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class InputConvolutionLayerTest {

  /** Two channels of 10 x 10 images, a 3 x 3 convolution to 4 channels, and a softmax over 3 classes. */
  private static MultiLayerNetwork network(ConvolutionLayer.Builder first, int stride) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
        .updater(new Adam(0.01)).convolutionMode(ConvolutionMode.Truncate).list()
        .layer(first.nIn(2).nOut(4).stride(stride, stride).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(10, 10, 2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static DataSet batch(int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray images = Nd4j.rand(DataType.FLOAT, size, 2, 10, 10);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 3);
    for (int i = 0; i < size; i++) {
      labels.putScalar(i, i % 3, 1);
    }
    return new DataSet(images, labels);
  }

  /** Parameter gradients by name, as float values, and the gradient with respect to the images. */
  private static Pair<Map<String, float[]>, INDArray> gradients(MultiLayerNetwork net) {
    DataSet data = batch(6, 12);
    Pair<Gradient, INDArray> result = net.calculateGradients(data.getFeatures(), data.getLabels(), null, null);
    Map<String, float[]> values = new LinkedHashMap<>();
    result.getFirst().gradientForVariable().forEach((key, value) -> values.put(key, value.dup('c').data().asFloat()));
    return new Pair<>(values, result.getSecond());
  }

  private static double maxRelativeDifference(float[] actual, float[] expected) {
    double difference = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return difference / scale;
  }

  @Test
  void skippingTheInputGradientGivesDl4jsWeightAndBiasGradientsAndZerosForTheImages() {
    MultiLayerNetwork plain = network(new ConvolutionLayer.Builder(3, 3), 1);
    MultiLayerNetwork input = network(new InputConvolutionLayer.Builder(3, 3), 1);
    assertThat(input.params()).isEqualTo(plain.params());

    assertThat(InputConvolutionLayer.skipInputGradient(input)).isTrue();
    Pair<Map<String, float[]>, INDArray> expected = gradients(plain);
    Pair<Map<String, float[]>, INDArray> actual = gradients(input);

    assertThat(actual.getFirst().keySet()).containsExactlyElementsOf(expected.getFirst().keySet());
    for (String key : expected.getFirst().keySet()) {
      // the same sums in another order: float rounding only
      assertThat(maxRelativeDifference(actual.getFirst().get(key), expected.getFirst().get(key))).as(key)
          .isLessThan(1e-5);
    }
    assertThat(actual.getFirst().get("0_W")).isNotEqualTo(expected.getFirst().get("0_W"));
    assertThat(expected.getSecond().amaxNumber().doubleValue()).isPositive();
    assertThat(actual.getSecond().amaxNumber().doubleValue()).isZero();
  }

  @Test
  void withoutBeingToldToSkipItIsDl4jsConvolutionBitForBit() {
    Pair<Map<String, float[]>, INDArray> expected = gradients(network(new ConvolutionLayer.Builder(3, 3), 1));

    Pair<Map<String, float[]>, INDArray> actual = gradients(network(new InputConvolutionLayer.Builder(3, 3), 1));

    assertThat(actual.getFirst()).containsExactlyEntriesOf(expected.getFirst());
    assertThat(actual.getSecond().data().asFloat()).containsExactly(expected.getSecond().data().asFloat());
  }

  @Test
  void aCaseItDoesNotHandleFallsBackToDl4jsConvolutionBitForBit() {
    Pair<Map<String, float[]>, INDArray> expected = gradients(network(new ConvolutionLayer.Builder(3, 3), 2));
    MultiLayerNetwork strided = network(new InputConvolutionLayer.Builder(3, 3), 2);
    InputConvolutionLayer.skipInputGradient(strided);

    Pair<Map<String, float[]>, INDArray> actual = gradients(strided);

    assertThat(actual.getFirst()).containsExactlyEntriesOf(expected.getFirst());
    assertThat(actual.getSecond().data().asFloat()).containsExactly(expected.getSecond().data().asFloat());
  }

  @Test
  void trainingWithItFollowsTrainingWithDl4jsConvolutionThroughAPartialBatch() {
    MultiLayerNetwork plain = network(new ConvolutionLayer.Builder(3, 3), 1);
    MultiLayerNetwork input = network(new InputConvolutionLayer.Builder(3, 3), 1);
    InputConvolutionLayer.skipInputGradient(input);

    int[] sizes = {6, 6, 4, 6};
    for (int i = 0; i < sizes.length; i++) {
      DataSet data = batch(sizes[i], 20 + i);
      plain.fit(data);
      input.fit(data);
    }

    float[] expected = plain.params().data().asFloat();
    assertThat(maxRelativeDifference(input.params().data().asFloat(), expected)).isLessThan(1e-5);
    assertThat(maxRelativeDifference(expected, network(new ConvolutionLayer.Builder(3, 3), 1).params().data()
        .asFloat())).as("the networks trained").isGreaterThan(1e-3);
  }

  @Test
  void onlyANetworksFirstLayerMaySkipItsInputGradient() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
        .convolutionMode(ConvolutionMode.Truncate).list()
        .layer(new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(4).build())
        .layer(new InputConvolutionLayer.Builder(3, 3).nOut(4).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(10, 10, 2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();

    assertThatThrownBy(() -> InputConvolutionLayer.skipInputGradient(net))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 1 is an InputConvolutionLayer, but only a network's first layer may skip its input "
            + "gradient: the layers before it would get none");
  }

  @Test
  void bothNetworksFirstConvolutionsAreOne() {
    TrainingSettings settings = Defaults.settings(7);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), settings);
    MultiLayerNetwork ablation = Stages.newAutoencoder(new AutoencoderSpec(64, false), settings);

    assertThat(InputConvolutionLayer.skipInputGradient(autoencoder)).isTrue();
    assertThat(InputConvolutionLayer.skipInputGradient(ablation)).isTrue();
    for (ClassifierMode mode : ClassifierMode.values()) {
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, mode, settings);
      assertThat(InputConvolutionLayer.skipInputGradient(classifier)).as(mode.label()).isTrue();
    }
  }
}
