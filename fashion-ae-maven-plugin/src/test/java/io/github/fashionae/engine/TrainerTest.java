package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Training on small slices of the real test images (a few hundred images, one to three epochs). */
class TrainerTest {

  private static final LabeledImages DATA = RealData.testSet();

  private static DataSplit slice(int train, int validation, long seed) {
    return DataSplit.of(DATA, DATA, new DataOptions(ValidationSet.HOLDOUT, validation, train), seed);
  }

  private static TrainingSettings settings(long seed, int epochs) {
    return new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, epochs, seed);
  }

  private static List<EpochRecord> trainAutoencoder(MultiLayerNetwork net, DataSplit split, TrainingSettings s) {
    return new Trainer(net, Trainer.Task.RECONSTRUCT, split, s).train((record, epochs) -> { });
  }

  @Test
  void theAutoencoderLearnsOnAFixedSlice() {
    TrainingSettings s = settings(1, 3);
    DataSplit split = slice(400, 100, 1);
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), s);
    double untrained = Trainer.evaluate(net, Trainer.Task.RECONSTRUCT, DATA, split.trainIndices()).loss();

    List<EpochRecord> history = trainAutoencoder(net, split, s);

    assertThat(history).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    assertThat(history.get(2).trainLossEval()).isLessThan(history.get(0).trainLossEval()).isLessThan(untrained);
    assertThat(history.get(2).validationLoss()).isLessThan(history.get(0).validationLoss());
    assertThat(history).allSatisfy(r -> {
      assertThat(r.trainLoss()).isBetween(0.0, 1.0);
      assertThat(r.trainAccuracy()).isNull();
      assertThat(r.seconds()).isPositive();
    });
  }

  @Test
  void theSameSeedGivesBitIdenticalParametersAndAnotherSeedDoesNot() {
    DataSplit split = slice(200, 50, 3);
    String[] digests = new String[3];
    long[] seeds = {3, 3, 4};
    for (int i = 0; i < seeds.length; i++) {
      TrainingSettings s = settings(seeds[i], 2);
      MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), s);
      trainAutoencoder(net, split, s);
      digests[i] = Trainer.parameterDigest(net.params());
    }

    assertThat(digests[1]).isEqualTo(digests[0]);
    assertThat(digests[2]).isNotEqualTo(digests[0]);
  }

  @Test
  void aClassifierTooIsAFunctionOfItsSeed() {
    DataSplit split = slice(230, 50, 3); // batches of 50: the last one has 30
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), settings(3, 1));
    String[] digests = new String[3];
    long[] seeds = {3, 3, 4};
    for (int i = 0; i < seeds.length; i++) {
      TrainingSettings s = settings(seeds[i], 2);
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, s);
      new Trainer(classifier, Trainer.Task.CLASSIFY, split, s).train((r, n) -> { });
      digests[i] = Trainer.parameterDigest(classifier.params());
    }

    assertThat(digests[1]).isEqualTo(digests[0]);
    assertThat(digests[2]).isNotEqualTo(digests[0]);
  }

  @Test
  void aFrozenEncoderStaysBitIdenticalAndOnlyTheHeadLearns() {
    TrainingSettings s = settings(5, 1);
    DataSplit split = slice(300, 100, 5);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), s);
    trainAutoencoder(autoencoder, split, s);
    String encoder = Trainer.parameterDigest(Stages.encoderParameters(autoencoder));

    MultiLayerNetwork frozen = Stages.newClassifier(autoencoder, ClassifierMode.FROZEN, s);
    String headBefore = Trainer.parameterDigest(frozen.getOutputLayer().params());
    List<EpochRecord> history = new Trainer(frozen, Trainer.Task.CLASSIFY, split, s).train((r, n) -> { });

    assertThat(Trainer.parameterDigest(Stages.encoderParameters(frozen))).isEqualTo(encoder);
    assertThat(Trainer.parameterDigest(frozen.getOutputLayer().params())).isNotEqualTo(headBefore);
    assertThat(history.get(0).trainAccuracy()).isBetween(0.0, 1.0);
    assertThat(history.get(0).validationAccuracy()).isBetween(0.0, 1.0);
  }

  @Test
  void fineTuningChangesTheEncoderAndBeatsChance() {
    TrainingSettings s = settings(6, 3);
    DataSplit split = slice(500, 200, 6);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), s);
    String encoder = Trainer.parameterDigest(Stages.encoderParameters(autoencoder));

    MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, s);
    List<EpochRecord> history = new Trainer(classifier, Trainer.Task.CLASSIFY, split, s).train((r, n) -> { });

    assertThat(Trainer.parameterDigest(Stages.encoderParameters(classifier))).isNotEqualTo(encoder);
    assertThat(history.get(2).trainLossEval()).isLessThan(history.get(0).trainLossEval());
    assertThat(history.get(2).validationAccuracy()).isGreaterThan(0.3);
  }

  @Test
  void evaluatingOnMoreThreadsGivesTheSameHistoriesAndParameters() {
    TrainingSettings s = settings(7, 1);
    DataSplit split = slice(250, 110, 7); // evaluations of 3 and 2 minibatches of Trainer.EVAL_BATCH (100)
    MultiLayerNetwork encoder = Stages.newAutoencoder(Defaults.autoencoder(), s);
    for (String network : List.of("autoencoder", "finetune", "frozen")) {
      List<List<EpochRecord>> histories = new ArrayList<>();
      List<String> digests = new ArrayList<>();
      for (int workers : new int[] {1, 3}) {
        MultiLayerNetwork net = network.equals("autoencoder") ? Stages.newAutoencoder(Defaults.autoencoder(), s)
            : Stages.newClassifier(encoder, network.equals("frozen") ? ClassifierMode.FROZEN : ClassifierMode.FINETUNE,
            s);
        Trainer.Task task = network.equals("autoencoder") ? Trainer.Task.RECONSTRUCT : Trainer.Task.CLASSIFY;
        histories.add(new Trainer(net, task, split, s, workers).train((r, n) -> { }).stream()
            .map(r -> new EpochRecord(r.epoch(), r.trainLoss(), r.trainLossEval(), r.validationLoss(),
                r.trainAccuracy(), r.validationAccuracy(), 0)).toList());
        digests.add(Trainer.parameterDigest(net.params()));
      }

      assertThat(histories.get(1)).as(network).isEqualTo(histories.get(0));
      assertThat(digests.get(1)).as(network).isEqualTo(digests.get(0));
    }
  }
}
