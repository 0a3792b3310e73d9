package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fork.Protocol;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import org.assertj.core.data.Percentage;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN helpers really run wherever the natives can use oneDNN (surefire sets the same properties as the forked
 * training JVM), and training without them gives the same losses.
 */
class EngineTest {

  /**
   * True when the loaded natives can run oneDNN (the {@code -onednn} natives load on every x86-64 CPU JavaCPP
   * knows; where they cannot, JavaCPP falls back to the plain natives, and the helpers are off).
   */
  private static boolean oneDnnLoaded() {
    // the natives' own binding, not the plugin's shim that DL4J's check goes through: a broken shim must fail here
    return Nd4jCpu.Environment.getInstance().isUseONEDNN();
  }

  @Test
  void convolutionAndPoolingRunThroughTheOneDnnHelpersWhereverOneDnnLoaded() {
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), Defaults.settings(1));
    boolean loaded = oneDnnLoaded();

    // what is promised on every CPU: the helpers are on exactly where the natives can use oneDNN, and the log says so
    assertThat(Engine.oneDnnHelpersInUse(net)).isEqualTo(loaded);
    assertThat(Engine.describe(net, 1)).isEqualTo("DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, "
        + "oneDNN helpers " + (loaded ? "on" : "off") + ", 1 thread");
    if (loaded) {
      // conv, dropout, pool, conv, dropout, pool
      assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
      assertThat(net.getLayer(2).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
      assertThat(net.getLayer(3).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
      assertThat(net.getLayer(5).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
    }
  }

  @Test
  void theClassifiersKeepTheirHelpers() {
    TrainingSettings settings = Defaults.settings(1);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), settings);

    MultiLayerNetwork frozen = Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, settings);
    MultiLayerNetwork finetune = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, settings);

    assertThat(Engine.oneDnnHelpersInUse(frozen)).isEqualTo(oneDnnLoaded());
    // the classifier's first convolution is an InputConvolutionLayer: still DL4J's layer, with its helper
    assertThat(Engine.oneDnnHelpersInUse(finetune)).isEqualTo(oneDnnLoaded());
  }

  @Test
  void withoutTheHelpersTheSameTrainingGivesTheSameLosses() {
    TrainingSettings settings = new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, 1, 8);
    DataSplit split = DataSplit.of(RealData.testSet(),
        RealData.testSet(), new DataOptions(ValidationSet.HOLDOUT, 100, 300), 8);
    MultiLayerNetwork withHelpers = Stages.newAutoencoder(Defaults.autoencoder(), settings);
    MultiLayerNetwork withoutHelpers;
    String before = System.getProperty(Protocol.HELPERS_DISABLE_PROPERTY);
    System.setProperty(Protocol.HELPERS_DISABLE_PROPERTY, "true");
    try {
      withoutHelpers = Stages.newAutoencoder(Defaults.autoencoder(), settings);
    } finally {
      System.setProperty(Protocol.HELPERS_DISABLE_PROPERTY, before == null ? "false" : before);
    }
    assertThat(Engine.oneDnnHelpersInUse(withoutHelpers)).isFalse();

    EpochRecord on = new Trainer(withHelpers, Trainer.Task.RECONSTRUCT, split, settings).trainEpoch(1);
    EpochRecord off = new Trainer(withoutHelpers, Trainer.Task.RECONSTRUCT, split, settings).trainEpoch(1);

    assertThat(off.trainLoss()).isCloseTo(on.trainLoss(), Percentage.withPercentage(0.1));
    assertThat(off.validationLoss()).isCloseTo(on.validationLoss(),
        Percentage.withPercentage(0.1));
  }
}
