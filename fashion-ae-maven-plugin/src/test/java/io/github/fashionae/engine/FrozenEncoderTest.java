package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen classifier trained as a head on its encoder's features, computed once, against the same classifier
 * trained through the whole network, on a slice of the real images: the encoder is untouched, the head ends
 * where the other ends up to float noise, the histories agree, and the saved state is the classifier's.
 */
class FrozenEncoderTest {

  private static final LabeledImages DATA = RealData.testSet();
  private static final TrainingSettings SETTINGS = new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 50, 2, 7);
  private static final DataSplit SPLIT = DataSplit.of(DATA, DATA, new DataOptions(ValidationSet.HOLDOUT, 300, 1200),
      7);
  private static MultiLayerNetwork autoencoder;

  @BeforeAll
  static void trainAutoencoder() {
    autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), SETTINGS);
    new Trainer(autoencoder, Trainer.Task.RECONSTRUCT, SPLIT, SETTINGS).train((r, n) -> { });
  }

  @Test
  void theHeadTrainedOnFeaturesComputedOnceEndsWhereTheWholeNetworksTrainingEnds() {
    MultiLayerNetwork whole = Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, SETTINGS);
    List<EpochRecord> throughTheEncoder = new Trainer(whole, Trainer.Task.CLASSIFY, SPLIT, SETTINGS, false)
        .train((r, n) -> { });
    MultiLayerNetwork head = Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, SETTINGS);
    String headBefore = Trainer.parameterDigest(head.getOutputLayer().params());
    List<EpochRecord> fromFeatures = new Trainer(head, Trainer.Task.CLASSIFY, SPLIT, SETTINGS).train((r, n) -> { });

    // the encoder is the autoencoder's, bit for bit; the head learnt, and where the whole network's did
    assertThat(Trainer.parameterDigest(Stages.encoderParameters(head)))
        .isEqualTo(Trainer.parameterDigest(Stages.encoderParameters(autoencoder)));
    assertThat(Trainer.parameterDigest(head.getOutputLayer().params())).isNotEqualTo(headBefore);
    INDArray difference = head.getOutputLayer().params().sub(whole.getOutputLayer().params());
    assertThat(difference.amaxNumber().doubleValue()).as("largest difference of the head's parameters")
        .isLessThan(1e-4);
    // the classifier holds the head's state: updater and iteration count
    assertThat(head.getIterationCount()).isEqualTo(whole.getIterationCount()).isEqualTo(2 * 1200 / 50);
    INDArray state = head.getUpdater().getStateViewArray().sub(whole.getUpdater().getStateViewArray());
    assertThat(state.amaxNumber().doubleValue()).isLessThan(1e-4);
    assertThat(fromFeatures).hasSize(2);
    for (int i = 0; i < fromFeatures.size(); i++) {
      EpochRecord a = throughTheEncoder.get(i);
      EpochRecord b = fromFeatures.get(i);
      assertThat(b.trainLoss()).as("epoch %d", i + 1).isCloseTo(a.trainLoss(), within(1e-5));
      assertThat(b.trainLossEval()).as("epoch %d", i + 1).isCloseTo(a.trainLossEval(), within(1e-5));
      assertThat(b.validationLoss()).as("epoch %d", i + 1).isCloseTo(a.validationLoss(), within(1e-5));
      assertThat(b.validationAccuracy()).as("epoch %d", i + 1).isCloseTo(a.validationAccuracy(), within(0.005));
    }
  }

  @Test
  void theFeaturesAreTheEncodersOutputsInTheEvaluationsBatchesAndTheNetworkStillRuns() {
    MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, SETTINGS);
    MultiLayerNetwork copy = classifier.clone();
    int n = 3 * Trainer.EVAL_BATCH; // whole batches: a row's last bits depend on its batch (see FrozenEncoder)
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = n - 1 - i;
    }
    FrozenEncoder encoder = FrozenEncoder.of(classifier).orElseThrow();
    int encoderLayers = encoder.encoderLayers();
    INDArray features = encoder.features(DATA, order, 0, n);
    for (int from = 0; from < n; from += Trainer.EVAL_BATCH) {
      int to = Math.min(n, from + Trainer.EVAL_BATCH);
      INDArray expected = copy.feedForwardToLayer(encoderLayers - 1, Batches.features(DATA, DataSplit.range(n), from, to),
          false).get(encoderLayers);
      for (int i = from; i < to; i++) {
        assertThat(Trainer.parameterDigest(features.getRow(n - 1 - i))).as("image %d", i)
            .isEqualTo(Trainer.parameterDigest(expected.getRow(i - from)));
      }
    }
    // the activations freed after encoding were the encoder's own, not the network's: it still gives its output
    INDArray input = Batches.features(DATA, DataSplit.range(n), 0, 10);
    assertThat(Trainer.parameterDigest(classifier.output(input)))
        .isEqualTo(Trainer.parameterDigest(copy.output(input)));
  }

  @Test
  void aClassifierWithoutAFrozenEncoderTrainsThroughTheWholeNetwork() {
    assertThat(FrozenEncoder.of(Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, SETTINGS))).isEmpty();
    assertThat(FrozenEncoder.of(autoencoder)).isEmpty();
    assertThat(FrozenEncoder.of(Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, SETTINGS))).isPresent();
  }
}
