package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import java.util.Arrays;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The plugin's max pooling gives DL4J's numbers bit for bit: alone, and through training of the study's nets. */
class MaxPoolLayerTest {

  @BeforeAll
  static void poolInJava() {
    MaxPool.force(true); // on any CPU: what is compared is this layer's pooling
  }

  @AfterAll
  static void decide() {
    MaxPool.force(null);
  }

  @Test
  void itPoolsInJavaWhereOneDnnHasNoJitPoolingForDl4jsLayout() {
    Set<String> avx512 = Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq");
    assertThat(MaxPool.oneDnnJitPooling(avx512, null)).isTrue();
    assertThat(MaxPool.oneDnnJitPooling(avx512, "AVX512_CORE")).isTrue();
    assertThat(MaxPool.oneDnnJitPooling(avx512, "ALL")).isTrue();
    assertThat(MaxPool.oneDnnJitPooling(avx512, "AVX2")).isFalse();
    assertThat(MaxPool.oneDnnJitPooling(Set.of("avx2", "fma"), null)).isFalse();
    assertThat(MaxPool.oneDnnJitPooling(Set.of("avx2", "avx512f"), null)).isFalse();
  }

  /** Values at the comparisons' edges: ties, signed zeros, NaNs of both signs, infinities, extremes, subnormals. */
  private static final float[] EDGES = {0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0xffc00000),
      Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, 0.5f, 1f};

  @Test
  void everyWindowsMaximumIsItsFirstUnderGreaterThanInReadingOrder() {
    // every window of four edge values, two windows to a pair of rows of 5 (odd: the fifth column is dropped)
    int n = EDGES.length;
    int windows = n * n * n * n;
    float[] result = new float[2];
    byte[] winners = new byte[windows];
    for (int i = 0; i < windows; i += 2) {
      float[] rows = new float[10];
      for (int k = 0; k < 2; k++) {
        int window = i + k;
        rows[2 * k] = EDGES[window % n];
        rows[2 * k + 1] = EDGES[window / n % n];
        rows[5 + 2 * k] = EDGES[window / n / n % n];
        rows[5 + 2 * k + 1] = EDGES[window / n / n / n];
      }
      rows[4] = rows[9] = Float.POSITIVE_INFINITY; // outside every window
      MaxPool.poolRows(rows, 5, result, winners, i, 2);
      for (int k = 0; k < 2; k++) {
        float[] window = {rows[2 * k], rows[2 * k + 1], rows[5 + 2 * k], rows[5 + 2 * k + 1]};
        int first = 0;
        for (int j = 1; j < 4; j++) {
          if (window[j] > window[first]) {
            first = j;
          }
        }
        assertThat(winners[i + k]).as("winner of %s", Arrays.toString(window)).isEqualTo((byte) first);
        assertThat(Float.floatToRawIntBits(result[k])).as("maximum of %s", Arrays.toString(window))
            .isEqualTo(Float.floatToRawIntBits(window[first]));
      }
    }
  }

  @Test
  void thePlaneAtOnceByVectorsGivesEveryWindowsFirstMaximumToo() {
    // every window of four edge values side by side in one pair of rows (odd width: the last column is dropped)
    int n = EDGES.length;
    int windows = n * n * n * n;
    int width = 2 * windows + 1;
    float[] plane = new float[2 * width];
    for (int window = 0; window < windows; window++) {
      plane[2 * window] = EDGES[window % n];
      plane[2 * window + 1] = EDGES[window / n % n];
      plane[width + 2 * window] = EDGES[window / n / n % n];
      plane[width + 2 * window + 1] = EDGES[window / n / n / n];
    }
    plane[width - 1] = plane[2 * width - 1] = Float.POSITIVE_INFINITY; // outside every window
    int[] topLeft = MaxPool.topLeft(2, width);
    float[] result = new float[topLeft.length];
    byte[] winners = new byte[3 + windows];

    MaxPool.poolPlane(plane, width, topLeft, result, winners, 3, windows);

    for (int window = 0; window < windows; window++) {
      float[] inputs = {plane[2 * window], plane[2 * window + 1], plane[width + 2 * window],
          plane[width + 2 * window + 1]};
      int first = 0;
      for (int j = 1; j < 4; j++) {
        if (inputs[j] > inputs[first]) {
          first = j;
        }
      }
      assertThat(winners[3 + window]).as("winner of %s", Arrays.toString(inputs)).isEqualTo((byte) first);
      assertThat(Float.floatToRawIntBits(result[window])).as("maximum of %s", Arrays.toString(inputs))
          .isEqualTo(Float.floatToRawIntBits(inputs[first]));
    }
  }

  /** A 3x3 convolution of 13x13 images (to 11x11, an odd size), ReLU (ties at zero), the pooling, a softmax. */
  private static MultiLayerNetwork network(SubsamplingLayer pooling) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
        .updater(new Adam(0.01)).convolutionMode(ConvolutionMode.Truncate).list()
        .layer(new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(3).activation(Activation.RELU).build())
        .layer(pooling)
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutional(13, 13, 2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void itsOutputsAndGradientsAreDl4jsBitForBit() {
    MultiLayerNetwork dl4j = network(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
        .stride(2, 2).build());
    MultiLayerNetwork ours = network(new MaxPoolLayer.Builder().build());
    assertThat(ours.params()).isEqualTo(dl4j.params());
    Nd4j.getRandom().setSeed(9);
    INDArray images = Nd4j.rand(DataType.FLOAT, 7, 2, 13, 13).subi(0.5);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 7, 4);
    for (int i = 0; i < 7; i++) {
      labels.putScalar(i, i % 4, 1);
    }

    assertThat(ours.output(images).data().asFloat()).containsExactly(dl4j.output(images).data().asFloat());
    Pair<Gradient, INDArray> expected = dl4j.calculateGradients(images, labels, null, null);
    Pair<Gradient, INDArray> actual = ours.calculateGradients(images, labels, null, null);
    assertThat(actual.getSecond().data().asFloat()).containsExactly(expected.getSecond().data().asFloat());
    expected.getFirst().gradientForVariable().forEach((name, gradient) -> assertThat(
        actual.getFirst().getGradientFor(name).dup('c').data().asFloat()).as(name)
        .containsExactly(gradient.dup('c').data().asFloat()));
    assertThat(PortableNetworks.configuration(ours.getLayerWiseConfigurations()).getConf(1).getLayer())
        .isExactlyInstanceOf(SubsamplingLayer.class);
  }

  /** {@code configuration} with DL4J's pooling layer wherever it has the plugin's. */
  private static MultiLayerConfiguration withDl4jPooling(MultiLayerConfiguration configuration) {
    String json = configuration.toJson();
    assertThat(json).contains(MaxPoolLayer.class.getName());
    return MultiLayerConfiguration.fromJson(json.replace(MaxPoolLayer.class.getName(),
        SubsamplingLayer.class.getName()));
  }

  private static float[] trained(MultiLayerConfiguration configuration, boolean classify, LabeledImages data) {
    Nd4j.getRandom().setSeed(42);
    MultiLayerNetwork net = new MultiLayerNetwork(configuration);
    net.init();
    InputConvolutionLayer.skipInputGradient(net);
    for (int step = 0; step < 4; step++) {
      float[] pixels = new float[100 * Networks.PIXELS];
      float[] labels = new float[100 * 10];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (data.images().pixels()[step * pixels.length + i] & 0xff) / 255f;
      }
      for (int i = 0; i < 100; i++) {
        labels[i * 10 + data.label(step * 100 + i)] = 1f;
      }
      INDArray features = Nd4j.create(pixels, new long[] {100, Networks.PIXELS}, 'c');
      net.fit(new DataSet(features, classify ? Nd4j.create(labels, new long[] {100, 10}, 'c') : features));
    }
    return net.params().dup('c').data().asFloat();
  }

  /** "none", or how many values differ and by how much at most. */
  private static String differences(float[] actual, float[] expected) {
    int count = 0;
    double largest = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        count++;
        largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
      }
    }
    return count == 0 ? "none" : count + " of " + expected.length + " values, by up to " + largest;
  }

  @Test
  void theStudysNetworksTrainToDl4jsParametersBitForBit() throws Exception {
    LabeledImages data = IdxReader.readLabeled(RealData.file(FashionMnist.TRAIN_IMAGES.gzipName()),
        RealData.file(FashionMnist.TRAIN_LABELS.gzipName()));
    // each network gets a configuration of its own: training counts iterations in the one it was given
    MultiLayerConfiguration autoencoder = Networks.autoencoder(new AutoencoderSpec(64, true),
        Defaults.settings(42, 1));
    MultiLayerConfiguration classifier = Networks.classifier(64, ClassifierMode.FINETUNE, Defaults.settings(42, 1));

    assertThat(differences(trained(autoencoder.clone(), false, data), trained(withDl4jPooling(autoencoder), false,
        data))).isEqualTo("none");
    assertThat(differences(trained(classifier.clone(), true, data), trained(withDl4jPooling(classifier), true, data)))
        .isEqualTo("none");
  }
}
