package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real forked training JVM, on a small slice of the real data. */
class ForkedTrainingTest {

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();
  private final List<String> lines = log.lines;

  private static TrainingSettings settings() {
    return new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 2, 11);
  }

  private static BuildInputs build() {
    return RealData.build(new DataOptions(ValidationSet.HOLDOUT, 100, 300));
  }

  private EngineTask.Train task(StageSpec spec, Path output, Path encoder) {
    SortedMap<String, String> files = new TreeMap<>();
    RealData.dataset().files().forEach((name, path) -> files.put(name, path.toString()));
    if (encoder != null) {
      files.put(EngineTask.Train.ENCODER, encoder.toString());
    }
    return new EngineTask.Train(spec, spec.stage(), files, output.toString(), dir.resolve("checkpoints-"
        + output.getFileName()).toString(), 1);
  }

  @Test
  void trainsInAForkedJvmAndStreamsEachEpochBack() throws Exception {
    ForkedTraining training = new ForkedTraining(Defaults.currentJvm("512m"), log);

    TrainingSummary summary = training.run(task(AutoencoderStage.of(Defaults.autoencoder(), settings(), build()),
        dir.resolve("ae"), null));

    assertThat(summary.epochs()).hasSize(2);
    assertThat(summary.trainExamples()).isEqualTo(300);
    assertThat(summary.validationExamples()).isEqualTo(100);
    assertThat(dir.resolve("ae/model.zip")).isRegularFile();
    assertThat(dir.resolve("ae/history.json")).content().contains("\"parametersSha256\" : \"" + summary.parametersSha256())
        .doesNotContain(dir.toString());
    assertThat(dir.resolve("ae/job.json")).isRegularFile();
    assertThat(dir.resolve("ae/training.log")).isRegularFile();
    // the helpers are on wherever the -onednn natives load (EngineTest checks that against the natives' binding)
    assertThat(lines).anyMatch(l -> l.matches("autoencoder: 121,137 parameters, 300 training and 100 validation "
        + "examples; DL4J 1\\.0\\.0-M2\\.1, natives linux-x86_64-onednn, oneDNN helpers (on|off), 1 thread"));
    assertThat(lines).anyMatch(l -> l.matches("autoencoder epoch 1/2: loss 0\\.\\d{5} \\(eval 0\\.\\d{5}, validation "
        + "0\\.\\d{5}\\), \\d+\\.\\d s, ETA \\d+\\.\\d s"));
    assertThat(lines).anyMatch(l -> l.startsWith("autoencoder epoch 2/2: "));

    TrainingSummary frozen = training.run(task(ClassifierStage.of(ClassifierMode.FROZEN, "unused", settings(),
        build()), dir.resolve("frozen"), dir.resolve("ae/model.zip")));

    assertThat(frozen.last().validationAccuracy()).isBetween(0.0, 1.0);
    assertThat(lines).anyMatch(l -> l.matches("classifier-frozen epoch 2/2: loss .*, accuracy 0\\.\\d{4} "
        + "\\(validation 0\\.\\d{4}\\), .*"));
  }

  @Test
  void aFailingRunReportsTheEndOfItsLog() {
    EngineTask.Train task = task(ClassifierStage.of(ClassifierMode.FINETUNE, "unused", settings(), build()),
        dir.resolve("out"), dir.resolve("no-such-model.zip"));

    assertThatThrownBy(() -> new ForkedTraining(Defaults.currentJvm("512m"), log).run(task))
        .isInstanceOf(ForkException.class)
        .hasMessageContaining("Training classifier-finetune failed (the forked JVM exited with code 2)")
        .hasMessageContaining("no-such-model.zip")
        .hasMessageContaining("The last lines of " + dir.resolve("out/training.log"))
        .hasMessageNotContaining("SLF4J:")
        .hasMessageNotContaining("incubator");
    assertThat(dir.resolve("out/training.log")).content().contains("WARNING: Using incubator modules");
    assertThat(dir.resolve("out/model.zip")).doesNotExist();
  }

  @Test
  void anEngineOutOfHeapSaysWhichParameterToRaise() {
    EngineTask.Train task = task(AutoencoderStage.of(Defaults.autoencoder(), settings(), build()), dir.resolve("oom"),
        null);

    // the JVM starts with 24m, and runs out of it while it reads the data and builds the network
    assertThatThrownBy(() -> new ForkedTraining(Defaults.currentJvm("24m"), log).run(task))
        .isInstanceOf(ForkException.class)
        .hasMessageContaining("; it ran out of heap with -Xmx24m: raise fashionae.maxHeap (e.g. "
            + "-Dfashionae.maxHeap=2g). The last lines of ");
    assertThat(dir.resolve("oom/model.zip")).doesNotExist();
  }
}
