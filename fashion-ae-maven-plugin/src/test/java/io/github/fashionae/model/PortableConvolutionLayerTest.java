package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fashionae.numerics.KernelDigest;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
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
 * The portable convolution and transposed convolution against DL4J's own layers, in the study's three shapes: the
 * same outputs, loss and gradients within float rounding from the same parameters, and gradients against central
 * differences of the loss.
 */
class PortableConvolutionLayerTest {

  private static final int BATCH = 4;

  /** A layer of a study's shape: its DL4J form, input channels and side. */
  private record Case(String name, Layer dl4j, Layer portable, int channels, int side) {
  }

  private static Case conv2() {
    ConvolutionLayer layer = new ConvolutionLayer.Builder(3, 3).nIn(16).nOut(32).activation(Activation.RELU).build();
    return new Case("conv 16->32 k3", layer, PortableConvolutionLayer.of(layer), 16, 13);
  }

  private static Case deconv1() {
    Deconvolution2D layer = new Deconvolution2D.Builder(5, 5).stride(2, 2).nIn(32).nOut(16)
        .activation(Activation.RELU).build();
    return new Case("deconv 32->16 k5 s2", layer, PortableDeconvolution2D.of(layer), 32, 5);
  }

  private static Case deconv2() {
    Deconvolution2D layer = new Deconvolution2D.Builder(4, 4).stride(2, 2).nIn(16).nOut(1)
        .activation(Activation.IDENTITY).build();
    return new Case("deconv 16->1 k4 s2", layer, PortableDeconvolution2D.of(layer), 16, 13);
  }

  private static MultiLayerNetwork network(Case c, boolean portable) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
        .weightInit(WeightInit.UNIFORM).convolutionMode(ConvolutionMode.Truncate).updater(new Sgd(0.1)).list()
        .layer(portable ? c.portable() : c.dl4j())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(10).activation(Activation.IDENTITY)
            .build())
        .setInputType(InputType.convolutional(c.side(), c.side(), c.channels())).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static INDArray features(Case c) {
    return Nd4j.create(KernelDigest.values(31, BATCH * c.channels() * c.side() * c.side()),
        new long[] {BATCH, c.channels(), c.side(), c.side()}, 'c');
  }

  private static INDArray labels() {
    return Nd4j.create(KernelDigest.values(32, BATCH * 10), new long[] {BATCH, 10}, 'c');
  }

  @Test
  void itComputesWhatDl4jsLayersComputeForwardAndBackward() {
    for (Case c : new Case[] {conv2(), deconv1(), deconv2()}) {
      MultiLayerNetwork dl4j = network(c, false);
      MultiLayerNetwork portable = network(c, true);
      portable.setParams(dl4j.params().dup());
      assertThat(portable.getLayer(0)).as(c.name()).isInstanceOf(PortableConvolution.class);

      float[] ours = portable.feedForwardToLayer(0, features(c), false).get(1).dup('c').data().asFloat();
      float[] theirs = dl4j.feedForwardToLayer(0, features(c), false).get(1).dup('c').data().asFloat();
      assertThat(ours).as(c.name()).hasSameSizeAs(theirs);
      for (int i = 0; i < ours.length; i++) {
        assertThat(ours[i]).as("%s output %d", c.name(), i).isCloseTo(theirs[i], within(1e-5f));
      }

      Function<MultiLayerNetwork, float[]> gradient = net -> {
        net.setInput(features(c));
        net.setLabels(labels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup().data().asFloat();
      };
      float[] ourGradient = gradient.apply(portable);
      float[] theirGradient = gradient.apply(dl4j);
      assertThat(portable.score()).as(c.name()).isCloseTo(dl4j.score(), within(1e-5));
      float largest = 0;
      for (float g : theirGradient) {
        largest = Math.max(largest, Math.abs(g));
      }
      assertThat(largest).as("%s: a gradient worth comparing", c.name()).isGreaterThan(1e-3f);
      for (int i = 0; i < ourGradient.length; i++) {
        assertThat(ourGradient[i]).as("%s gradient %d", c.name(), i).isCloseTo(theirGradient[i],
            within(1e-6f + 1e-4f * largest));
      }
      // the gradient with respect to the layer's input (DL4J passes it back from the first layer too)
      float[] ourInput = inputGradient(portable, c);
      float[] theirInput = inputGradient(dl4j, c);
      for (int i = 0; i < ourInput.length; i++) {
        assertThat(ourInput[i]).as("%s input gradient %d", c.name(), i).isCloseTo(theirInput[i], within(1e-5f));
      }
    }
  }

  private static float[] inputGradient(MultiLayerNetwork net, Case c) {
    net.setInput(features(c));
    net.setLabels(labels());
    return net.calculateGradients(features(c), labels(), null, null).getSecond().dup('c').data().asFloat();
  }

  @Test
  void itsGradientsAreTheLossesSlopes() {
    for (Case c : new Case[] {conv2(), deconv1(), deconv2()}) {
      MultiLayerNetwork portable = network(c, true);
      portable.setInput(features(c));
      portable.setLabels(labels());
      portable.computeGradientAndScore();
      float[] analytic = portable.gradient().gradient().dup().data().asFloat();
      INDArray params = portable.params();
      long layerParams = portable.getLayer(0).numParams();
      for (long index : new long[] {0, 1, layerParams / 3, layerParams / 2 + 7, layerParams - 1}) {
        double h = 1e-2;
        float original = params.getFloat(index);
        params.putScalar(index, original + h);
        double plus = score(portable, c);
        params.putScalar(index, original - h);
        double minus = score(portable, c);
        params.putScalar(index, original);
        double numeric = (plus - minus) / (2 * h);
        // DL4J's score averages over the batch; its gradient is summed over the batch
        assertThat((double) analytic[(int) index] / BATCH).as("%s parameter %d", c.name(), index).isCloseTo(numeric,
            within(2e-3 + 0.05 * Math.abs(numeric)));
      }
    }
  }

  private static double score(MultiLayerNetwork net, Case c) {
    net.setInput(features(c));
    net.setLabels(labels());
    net.computeGradientAndScore();
    return net.score();
  }

  @Test
  void aPublishedNetworkNamesDl4jsLayers() {
    MultiLayerConfiguration conv = PortableNetworks.configuration(network(conv2(), true).getLayerWiseConfigurations());
    MultiLayerConfiguration deconv = PortableNetworks.configuration(network(deconv1(), true)
        .getLayerWiseConfigurations());
    assertThat(conv.getConf(0).getLayer()).isExactlyInstanceOf(ConvolutionLayer.class);
    assertThat(deconv.getConf(0).getLayer()).isExactlyInstanceOf(Deconvolution2D.class);
  }
}
