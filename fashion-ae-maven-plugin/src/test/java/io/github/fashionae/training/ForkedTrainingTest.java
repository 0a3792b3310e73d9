package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real forked training JVM, on a small slice of the real data. */
class ForkedTrainingTest {

  static final String ARCHIVE_TIME = io.github.fashionae.archive.DeterministicZip.DEFAULT_TIME.toString();

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();
  private final List<String> lines = log.lines;

  static List<TrainingJob.DataFile> realDataset() {
    return RealData.dataset();
  }

  private static TrainingSettings settings() {
    return new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 2, 11);
  }

  private TrainingJob autoencoderJob(Path output) {
    return new TrainingJob("autoencoder", TrainingJob.Kind.AUTOENCODER, realDataset(), AutoencoderSpec.baseline(),
        null, null, null, settings(), new DataOptions(ValidationSet.HOLDOUT, 100, 300), 1, "test", output.toString(),
        ARCHIVE_TIME, null, 0);
  }

  @Test
  void trainsInAForkedJvmAndStreamsEachEpochBack() throws Exception {
    ForkedTraining training = new ForkedTraining(ForkedJvm.Fork.ofCurrentJvm("512m"), log);

    TrainingSummary summary = training.run(autoencoderJob(dir.resolve("ae")));

    assertThat(summary.epochs()).hasSize(2);
    assertThat(summary.trainExamples()).isEqualTo(300);
    assertThat(summary.validationExamples()).isEqualTo(100);
    assertThat(dir.resolve("ae/model.zip")).isRegularFile();
    assertThat(dir.resolve("ae/history.json")).content().contains("\"parametersSha256\" : \"" + summary.parametersSha256());
    assertThat(dir.resolve("ae/job.json")).isRegularFile();
    assertThat(dir.resolve("ae/training.log")).isRegularFile();
    assertThat(lines).contains("autoencoder: 121,137 parameters, 300 training and 100 validation examples; "
        + "DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, oneDNN helpers on, 1 thread");
    assertThat(lines).anyMatch(l -> l.matches("autoencoder epoch 1/2: loss 0\\.\\d{5} \\(eval 0\\.\\d{5}, validation "
        + "0\\.\\d{5}\\), \\d+\\.\\d s, ETA \\d+\\.\\d s"));
    assertThat(lines).anyMatch(l -> l.startsWith("autoencoder epoch 2/2: "));

    TrainingJob classifier = new TrainingJob("classifier-frozen", TrainingJob.Kind.CLASSIFIER, realDataset(), null,
        ClassifierMode.FROZEN, summary.model(), "unused", settings(), new DataOptions(ValidationSet.HOLDOUT, 100, 300),
        1, "test", dir.resolve("frozen").toString(), ARCHIVE_TIME, null, 0);
    TrainingSummary frozen = training.run(classifier);

    assertThat(frozen.last().validationAccuracy()).isBetween(0.0, 1.0);
    assertThat(lines).anyMatch(l -> l.matches("classifier-frozen epoch 2/2: loss .*, accuracy 0\\.\\d{4} "
        + "\\(validation 0\\.\\d{4}\\), .*"));
  }

  @Test
  void aFailingRunReportsTheEndOfItsLog() {
    TrainingJob job = new TrainingJob("classifier-finetune", TrainingJob.Kind.CLASSIFIER, realDataset(), null,
        ClassifierMode.FINETUNE, dir.resolve("no-such-model.zip").toString(), "unused", settings(),
        new DataOptions(ValidationSet.HOLDOUT, 100, 300), 1, "test", dir.resolve("out").toString(), ARCHIVE_TIME,
        null, 0);

    assertThatThrownBy(() -> new ForkedTraining(ForkedJvm.Fork.ofCurrentJvm("512m"), log).run(job))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("Training classifier-finetune failed (the forked JVM exited with code 2)")
        .hasMessageContaining("no-such-model.zip")
        .hasMessageContaining("The last lines of " + dir.resolve("out/training.log"));
    assertThat(dir.resolve("out/model.zip")).doesNotExist();
  }
}
