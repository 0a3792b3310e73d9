package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.engine.Stages;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class NetworksTest {

  private static final TrainingSettings BASELINE = Defaults.settings(7);

  private static INDArray images(int n) {
    return Nd4j.rand(DataType.FLOAT, n, Networks.PIXELS);
  }

  private static List<long[]> shapes(List<INDArray> activations) {
    return activations.stream().map(INDArray::shape).toList();
  }

  @Test
  void theAutoencoderHasTheStudysShapes() {
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), BASELINE);

    List<INDArray> activations = net.feedForward(images(3), false);

    // input, conv, dropout, pool, conv, dropout, pool, linear, dropout, linear, dropout, deconv, dropout, deconv, loss
    assertThat(shapes(activations)).containsExactly(
        new long[] {3, 784}, new long[] {3, 16, 26, 26}, new long[] {3, 16, 26, 26}, new long[] {3, 16, 13, 13},
        new long[] {3, 32, 11, 11}, new long[] {3, 32, 11, 11}, new long[] {3, 32, 5, 5}, new long[] {3, 64},
        new long[] {3, 64}, new long[] {3, 800}, new long[] {3, 800}, new long[] {3, 16, 13, 13},
        new long[] {3, 16, 13, 13}, new long[] {3, 1, 28, 28}, new long[] {3, 784});
    // conv 16*9+16, conv 32*16*9+32, linear 800*64+64, linear 64*800+800, deconv 32*16*25+16, deconv 16*16+1
    assertThat(net.numParams()).isEqualTo(160 + 4_640 + 51_264 + 52_000 + 12_816 + 257);
  }

  @Test
  void theOutputIsAProbabilityPerPixel() {
    INDArray output = Stages.newAutoencoder(Defaults.autoencoder(), BASELINE).output(images(2), false);

    assertThat(output.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(output.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
  }

  @Test
  void theAblationGoesFromConvolutionsToTransposedConvolutionsDirectly() {
    MultiLayerNetwork net = Stages.newAutoencoder(new AutoencoderSpec(64, false), BASELINE);

    assertThat(shapes(net.feedForward(images(2), false))).containsExactly(
        new long[] {2, 784}, new long[] {2, 16, 26, 26}, new long[] {2, 16, 26, 26}, new long[] {2, 16, 13, 13},
        new long[] {2, 32, 11, 11}, new long[] {2, 32, 11, 11}, new long[] {2, 32, 5, 5}, new long[] {2, 16, 13, 13},
        new long[] {2, 16, 13, 13}, new long[] {2, 1, 28, 28}, new long[] {2, 784});
  }

  @Test
  void theLatentSizeIsAParameter() {
    MultiLayerNetwork net = Stages.newAutoencoder(new AutoencoderSpec(10, true), BASELINE);

    assertThat(net.feedForward(images(1), false).get(7).shape()).containsExactly(1, 10);
    assertThat(Stages.latentSize(net)).isEqualTo(10);
  }

  @Test
  void dropoutIsAnExplicitLayerWhereverTheStudyHasOne() {
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), BASELINE);
    long dropoutLayers = Arrays.stream(net.getLayers())
        .filter(l -> l.conf().getLayer() instanceof DropoutLayer).count();
    MultiLayerNetwork without = Stages.newAutoencoder(Defaults.autoencoder(),
        new TrainingSettings(Optimizer.ADAM, 0.001, 0, 100, 1, 7));

    assertThat(dropoutLayers).isEqualTo(5);
    assertThat(without.getLayers()).hasSize(net.getLayers().length - 5);
    // training mode drops about p of the activations and scales the rest by 1/(1-p); inference mode keeps all
    Layer dropout = net.getLayer(1);
    LayerWorkspaceMgr noWorkspaces =
        LayerWorkspaceMgr.noWorkspaces();
    INDArray ones = Nd4j.ones(DataType.FLOAT, 50, 16, 26, 26);
    INDArray training = dropout.activate(ones.dup(), true, noWorkspaces);
    double zeros = training.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
    assertThat(zeros).isBetween(0.19, 0.21);
    assertThat(training.maxNumber().doubleValue()).isCloseTo(1.25, Offset.offset(1e-6));
    assertThat(dropout.activate(ones.dup(), false, noWorkspaces)).isEqualTo(ones);
  }

  @Test
  void theScoreIsThePerPixelMeanSquaredErrorAsInPyTorch() {
    TrainingSettings noDropout = new TrainingSettings(Optimizer.ADAM, 0.001, 0, 100, 1, 7);
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), noDropout);
    INDArray x = images(4);

    double score = net.score(new DataSet(x, x), false);

    double perPixel = net.output(x, false).squaredDistance(x) / (4.0 * Networks.PIXELS);
    assertThat(score).isCloseTo(perPixel, Percentage.withPercentage(0.01));
  }

  @Test
  void theClassifierPutsAHeadOfTenClassesOnTheEncoder() {
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), BASELINE);

    for (ClassifierMode mode : ClassifierMode.values()) {
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, mode, BASELINE);
      INDArray output = classifier.output(images(5), false);

      assertThat(output.shape()).containsExactly(5, 10);
      assertThat(output.sum(1).toDoubleVector()).containsOnly(new double[] {1, 1, 1, 1, 1},
          Offset.offset(1e-5));
      assertThat(Stages.encoderParameters(classifier)).isEqualTo(Stages.encoderParameters(autoencoder));
    }
  }

  @Test
  void bothNetworksTrainWithTheFastLayersAndTheirConfigurationsSurviveJson() {
    for (MultiLayerConfiguration conf : List.of(Networks.classifier(64, ClassifierMode.FINETUNE, BASELINE),
        Networks.autoencoder(Defaults.autoencoder(), BASELINE))) {
      MultiLayerConfiguration read = MultiLayerConfiguration.fromJson(conf.toJson());

      assertThat(read.getConf(0).getLayer()).isInstanceOf(InputConvolutionLayer.class);
      assertThat(read.getConfs()).filteredOn(c -> c.getLayer() instanceof DropoutLayer)
          .extracting(c -> c.getLayer().getIDropout()).isNotEmpty().containsOnly(new FastDropout(0.8));
      assertThat(read).isEqualTo(conf);
    }
  }

  @Test
  void aClassifierNeedsTheLinearBottleneck() {
    MultiLayerNetwork ablation = Stages.newAutoencoder(new AutoencoderSpec(64, false), BASELINE);

    assertThatThrownBy(() -> Stages.newClassifier(ablation, ClassifierMode.FINETUNE, BASELINE))
        .hasMessageContaining("expected an autoencoder with the linear bottleneck");
  }

  @Test
  void badParametersAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> new TrainingSettings(Optimizer.ADAM, 0.001, 1.0, 100, 30, 1))
        .hasMessage("dropout: expected a drop probability in [0, 1), found 1.0");
    assertThatThrownBy(() -> new TrainingSettings(Optimizer.ADAM, 0.001, -0.1, 100, 30, 1))
        .hasMessage("dropout: expected a drop probability in [0, 1), found -0.1");
    assertThatThrownBy(() -> new TrainingSettings(Optimizer.ADAM, 0, 0.2, 100, 30, 1))
        .hasMessage("learningRate: expected a number above 0, found 0.0");
    assertThatThrownBy(() -> new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 0, 30, 1))
        .hasMessage("batchSize: expected at least 1, found 0");
    assertThatThrownBy(() -> new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 0, 1))
        .hasMessage("epochs: expected at least 1, found 0");
    assertThatThrownBy(() -> new AutoencoderSpec(0, true))
        .hasMessage("latentSize: expected at least 1, found 0");
    assertThatThrownBy(() -> Optimizer.parse("optimizer", "rmsprop"))
        .hasMessage("optimizer: expected one of adam, sgd, found 'rmsprop'");
    assertThat(Optimizer.parse("optimizer", " SGD ")).isEqualTo(Optimizer.SGD);
  }
}
