package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.training.Stages;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class InputConvolutionLayerTest {

  /** Two channels of 10 x 10 images, a 3 x 3 convolution to 4 channels, and a softmax over 3 classes. */
  private static MultiLayerNetwork network(ConvolutionLayer.Builder first, int stride) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
        .convolutionMode(ConvolutionMode.Truncate).list()
        .layer(first.nIn(2).nOut(4).stride(stride, stride).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(10, 10, 2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static Map<String, INDArray> gradients(MultiLayerNetwork net) {
    Nd4j.getRandom().setSeed(12);
    INDArray images = Nd4j.rand(DataType.FLOAT, 6, 2, 10, 10);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 6, 3);
    for (int i = 0; i < 6; i++) {
      labels.putScalar(i, i % 3, 1);
    }
    net.setInput(images);
    net.setLabels(labels);
    net.computeGradientAndScore();
    return net.gradient().gradientForVariable();
  }

  private static double maxRelativeDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue() / b.amaxNumber().doubleValue();
  }

  @Test
  void skippingTheInputGradientGivesDl4jsWeightAndBiasGradients() {
    MultiLayerNetwork plain = network(new ConvolutionLayer.Builder(3, 3), 1);
    MultiLayerNetwork input = network(new InputConvolutionLayer.Builder(3, 3), 1);
    assertThat(input.params()).isEqualTo(plain.params());

    assertThat(InputConvolutionLayer.skipInputGradient(input)).isEqualTo(1);
    Map<String, INDArray> expected = gradients(plain);
    Map<String, INDArray> actual = gradients(input);

    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String key : expected.keySet()) {
      // the same sums in another order: float rounding only
      assertThat(maxRelativeDifference(actual.get(key), expected.get(key))).as(key).isLessThan(1e-5);
    }
    assertThat(actual.get("0_W")).isNotEqualTo(Nd4j.zerosLike(actual.get("0_W")));
  }

  @Test
  void withoutBeingToldToSkipItIsDl4jsConvolutionExactly() {
    Map<String, INDArray> expected = gradients(network(new ConvolutionLayer.Builder(3, 3), 1));

    Map<String, INDArray> actual = gradients(network(new InputConvolutionLayer.Builder(3, 3), 1));

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aCaseItDoesNotHandleFallsBackToDl4jsConvolution() {
    Map<String, INDArray> expected = gradients(network(new ConvolutionLayer.Builder(3, 3), 2));
    MultiLayerNetwork strided = network(new InputConvolutionLayer.Builder(3, 3), 2);
    InputConvolutionLayer.skipInputGradient(strided);

    assertThat(gradients(strided)).isEqualTo(expected);
  }

  @Test
  void theClassifiersFirstConvolutionIsOneAndTheAutoencodersIsNot() {
    TrainingSettings settings = TrainingSettings.baseline(7);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(AutoencoderSpec.baseline(), settings);

    assertThat(InputConvolutionLayer.skipInputGradient(autoencoder)).isZero();
    for (ClassifierMode mode : ClassifierMode.values()) {
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, mode, settings);
      assertThat(InputConvolutionLayer.skipInputGradient(classifier)).as(mode.label()).isEqualTo(1);
    }
  }
}
