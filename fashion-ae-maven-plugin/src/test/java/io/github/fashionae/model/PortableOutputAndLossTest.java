package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fashionae.numerics.KernelDigest;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The portable heads of the study's networks against DL4J's: the classifier's output layer (softmax and
 * cross-entropy) and the autoencoder's sigmoid transposed convolution into an MSE loss layer. The same scores,
 * outputs and gradients within float rounding, and gradients against central differences.
 */
class PortableOutputAndLossTest {

  private static final int BATCH = 10;

  private static MultiLayerNetwork classifier(boolean portable) {
    DenseLayer hidden = new DenseLayer.Builder().nIn(64).nOut(32).activation(Activation.RELU).build();
    OutputLayer head = portable
        ? PortableOutputLayer.of(new OutputLayer.Builder(new PortableMcxent()).nIn(32).nOut(10)
            .activation(new PortableSoftmax()).build())
        : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(10).activation(Activation.SOFTMAX)
            .build();
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM).updater(new Sgd(0.1)).list()
        .layer(portable ? PortableDenseLayer.of(hidden) : hidden).layer(head).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static MultiLayerNetwork decoderTail(boolean portable) {
    Deconvolution2D deconv = new Deconvolution2D.Builder(4, 4).stride(2, 2).nIn(16).nOut(1)
        .activation(portable ? new PortableSigmoid() : new ActivationSigmoid()).build();
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(6).dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM).convolutionMode(ConvolutionMode.Truncate).updater(new Sgd(0.1)).list()
        .layer(portable ? PortableDeconvolution2D.of(deconv) : deconv)
        .layer(portable ? new LossLayer.Builder(new PortableMse()).activation(Activation.IDENTITY).build()
            : new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
    list.inputPreProcessor(1, new CnnToFeedForwardPreProcessor(28, 28, 1));
    MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.convolutional(13, 13, 16)).build());
    net.init();
    return net;
  }

  private static INDArray classifierInput() {
    return Nd4j.create(KernelDigest.values(41, BATCH * 64), new long[] {BATCH, 64}, 'c');
  }

  private static INDArray oneHot() {
    float[] labels = new float[BATCH * 10];
    for (int i = 0; i < BATCH; i++) {
      labels[i * 10 + (i * 3) % 10] = 1;
    }
    return Nd4j.create(labels, new long[] {BATCH, 10}, 'c');
  }

  private static INDArray decoderInput() {
    float[] values = KernelDigest.values(42, BATCH * 16 * 13 * 13);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.abs(values[i]); // after a ReLU
    }
    return Nd4j.create(values, new long[] {BATCH, 16, 13, 13}, 'c');
  }

  private static INDArray images() {
    float[] pixels = KernelDigest.values(43, BATCH * 784);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (pixels[i] + 1) / 2;
    }
    return Nd4j.create(pixels, new long[] {BATCH, 784}, 'c');
  }

  private static float[] gradient(MultiLayerNetwork net, INDArray input, INDArray labels) {
    net.setInput(input);
    net.setLabels(labels);
    net.computeGradientAndScore();
    return net.gradient().gradient().dup().data().asFloat();
  }

  private static void assertSame(String what, MultiLayerNetwork portable, MultiLayerNetwork dl4j, INDArray input,
                                 INDArray labels) {
    portable.setParams(dl4j.params().dup());
    float[] ourOutput = portable.output(input).dup('c').data().asFloat();
    float[] theirOutput = dl4j.output(input).dup('c').data().asFloat();
    for (int i = 0; i < ourOutput.length; i++) {
      assertThat(ourOutput[i]).as("%s output %d", what, i).isCloseTo(theirOutput[i], within(2e-6f));
    }
    float[] ours = gradient(portable, input, labels);
    float[] theirs = gradient(dl4j, input, labels);
    assertThat(portable.score()).as(what).isCloseTo(dl4j.score(), within(1e-5 * Math.max(1, dl4j.score())));
    float largest = 0;
    for (float g : theirs) {
      largest = Math.max(largest, Math.abs(g));
    }
    assertThat(largest).as("%s: a gradient worth comparing", what).isGreaterThan(1e-4f);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as("%s gradient %d", what, i).isCloseTo(theirs[i], within(1e-6f + 1e-4f * largest));
    }
  }

  @Test
  void theClassifiersHeadComputesWhatDl4jsComputes() {
    MultiLayerNetwork portable = classifier(true);
    assertThat(portable.getLayer(1)).isInstanceOf(PortableOutput.class);
    assertSame("classifier head", portable, classifier(false), classifierInput(), oneHot());
  }

  @Test
  void theAutoencodersTailComputesWhatDl4jsComputes() {
    assertSame("decoder tail", decoderTail(true), decoderTail(false), decoderInput(), images());
  }

  @Test
  void theHeadsGradientsAreTheLossesSlopes() {
    for (boolean classifier : new boolean[] {true, false}) {
      MultiLayerNetwork net = classifier ? classifier(true) : decoderTail(true);
      INDArray input = classifier ? classifierInput() : decoderInput();
      INDArray labels = classifier ? oneHot() : images();
      float[] analytic = gradient(net, input, labels);
      INDArray params = net.params();
      long n = params.length();
      for (long index : new long[] {0, 3, n / 2, n - 11, n - 1}) {
        double h = 1e-2;
        float original = params.getFloat(index);
        params.putScalar(index, original + h);
        double plus = score(net, input, labels);
        params.putScalar(index, original - h);
        double minus = score(net, input, labels);
        params.putScalar(index, original);
        double numeric = (plus - minus) / (2 * h);
        assertThat((double) analytic[(int) index] / BATCH).as("%s parameter %d", classifier ? "classifier" : "decoder",
            index).isCloseTo(numeric, within(2e-3 + 0.05 * Math.abs(numeric)));
      }
    }
  }

  private static double score(MultiLayerNetwork net, INDArray input, INDArray labels) {
    net.setInput(input);
    net.setLabels(labels);
    net.computeGradientAndScore();
    return net.score();
  }

  @Test
  void aPublishedNetworkNamesDl4jsClasses() {
    MultiLayerConfiguration head = PortableNetworks.configuration(classifier(true).getLayerWiseConfigurations());
    MultiLayerConfiguration tail = PortableNetworks.configuration(decoderTail(true).getLayerWiseConfigurations());
    assertThat(head.getConf(1).getLayer()).isExactlyInstanceOf(OutputLayer.class);
    assertThat(((BaseOutputLayer) head.getConf(1).getLayer()).getLossFn()).isInstanceOf(LossMCXENT.class);
    assertThat(((OutputLayer) head.getConf(1).getLayer()).getActivationFn()).isInstanceOf(ActivationSoftmax.class);
    assertThat(((Deconvolution2D) tail.getConf(0).getLayer()).getActivationFn()).isInstanceOf(ActivationSigmoid.class);
    assertThat(((LossLayer) tail.getConf(1).getLayer()).getLossFn()).isInstanceOf(LossMSE.class);
    assertThat(head.toJson() + tail.toJson()).doesNotContain(PortableNetworks.PLUGIN_PACKAGE);
  }
}
