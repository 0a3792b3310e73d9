package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.util.DeterministicZipEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of stage, killed after an epoch (the test hook halts its engine JVM as kill -9 would) and built
 * again, resumes: it says so and trains only the epochs left, and ends in the very archive an uninterrupted build
 * writes: the autoencoder, both classifiers, and an experiment's stages.
 */
class ResumeTest {

  private static final TrainingSettings SETTINGS = Defaults.settings(9, 3);
  /** A line of a finished epoch of 3, e.g. "autoencoder epoch 2/3: loss …". */
  private static final Pattern EPOCH = Pattern.compile("\\S+ epoch (\\d+)/3: .*");

  @TempDir
  static Path dir;

  private static Path manifest;

  @BeforeAll
  static void manifest() throws Exception {
    manifest = dir.resolve("manifest.json");
    MojoFixtures.realManifest(manifest);
  }

  private static StageTrainer trainer(String cache, List<String> jvmArgs, RecordingLog log) throws Exception {
    return trainer(cache, jvmArgs, log, "test");
  }

  private static StageTrainer trainer(String cache, List<String> jvmArgs, RecordingLog log, String engine)
      throws Exception {
    ForkedJvm.Fork current = Defaults.currentJvm("512m");
    return StageTrainer.of(new TrainingRequest(manifest, new DataOptions(ValidationSet.HOLDOUT, 100, 200), 1, engine,
        "2026-11-27T00:00:00Z", dir.resolve(cache), CachedSteps.Mode.REUSE, new ForkedJvm.Fork(
        current.javaExecutable(), current.classpath(), current.maxHeap(), jvmArgs)), log);
  }

  /** The epochs a run trained, by the numbers of its "… epoch N/3: …" lines. */
  private static List<Integer> epochsTrained(RecordingLog log) {
    return log.lines.stream().map(EPOCH::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)))
        .toList();
  }

  /**
   * Kills the stage {@code train} builds after epoch 2 of 3, builds it again, and checks that the second run resumed:
   * the halt was the test hook's (not any failure), and the resumed run says so and trains epoch 3 alone.
   */
  private static void haltThenResume(Stage train) throws Exception {
    haltThenResume(train, "test", "resumed-cache");
  }

  private static void haltThenResume(Stage train, String engine, String cache) throws Exception {
    RecordingLog halted = new RecordingLog();
    assertThatThrownBy(() -> train.build(trainer(cache, List.of("-D" + Protocol.HALT_AFTER_EPOCH_PROPERTY
        + "=2"), halted, engine))).isInstanceOf(ForkException.class)
        .hasMessageContaining("exited with code " + Protocol.HALTED);
    assertThat(epochsTrained(halted)).containsExactly(1, 2);
    RecordingLog resumed = new RecordingLog();
    train.build(trainer(cache, List.of(), resumed, engine));
    assertThat(resumed.lines).anyMatch(l -> l.contains(": resuming after epoch 2/3 from the checkpoint in "));
    assertThat(epochsTrained(resumed)).as("the epochs the resumed run trained").containsExactly(3);
  }

  /** One stage's build by a trainer. */
  @FunctionalInterface
  private interface Stage {
    void build(StageTrainer trainer) throws Exception;
  }

  /** Builds the stages of {@code folder}: the autoencoder, then both classifiers on its encoder. */
  private static void build(StageTrainer trainer, Path folder) throws Exception {
    trainer.autoencoder(folder.resolve("autoencoder"), Defaults.autoencoder(), SETTINGS);
    for (ClassifierMode mode : ClassifierMode.values()) {
      trainer.classifier(folder.resolve(ClassifierStage.name(mode)), folder.resolve("autoencoder/model.zip"), mode,
          SETTINGS);
    }
  }

  @Test
  void everyStageKindResumesToTheSameArchive() throws Exception {
    build(trainer("straight-cache", List.of(), new RecordingLog()), dir.resolve("straight"));

    Path resumed = dir.resolve("resumed/experiments/x");
    // each stage is killed once after epoch 2 of 3, then built again, resuming from its checkpoint
    haltThenResume(trainer -> trainer.autoencoder(resumed.resolve("autoencoder"), Defaults.autoencoder(), SETTINGS));
    for (ClassifierMode mode : ClassifierMode.values()) {
      Path stage = resumed.resolve(ClassifierStage.name(mode));
      Path encoder = resumed.resolve("autoencoder/model.zip");
      haltThenResume(trainer -> trainer.classifier(stage, encoder, mode, SETTINGS));
    }

    for (String stage : List.of("autoencoder", "classifier-finetune", "classifier-frozen")) {
      Path straight = dir.resolve("straight").resolve(stage).resolve(StageFiles.MODEL);
      Path again = resumed.resolve(stage).resolve(StageFiles.MODEL);
      assertThat(DeterministicZipEntries.differences(straight, again)).as(stage).isEmpty();
      assertThat(Files.readAllBytes(again)).as(stage).isEqualTo(Files.readAllBytes(straight));
      assertThat(Files.readAllBytes(resumed.resolve(stage).resolve(StageFiles.ONNX))).as(stage + " onnx")
          .isEqualTo(Files.readAllBytes(dir.resolve("straight").resolve(stage).resolve(StageFiles.ONNX)));
    }
  }

  @Test
  void portableStagesResumeToTheSameArchive() throws Exception {
    // the portable numerics' layers and Adam are in the checkpoint's configuration: a resumed run reads them back
    String engine = EngineIdentity.portable("test");
    Path straight = dir.resolve("portable-straight");
    StageTrainer once = trainer("portable-straight-cache", List.of(), new RecordingLog(), engine);
    once.autoencoder(straight.resolve("autoencoder"), Defaults.autoencoder(), SETTINGS);
    once.classifier(straight.resolve("classifier-frozen"), straight.resolve("autoencoder/model.zip"),
        ClassifierMode.FROZEN, SETTINGS);

    Path resumed = dir.resolve("portable-resumed");
    haltThenResume(trainer -> trainer.autoencoder(resumed.resolve("autoencoder"), Defaults.autoencoder(), SETTINGS),
        engine, "portable-resumed-cache");
    haltThenResume(trainer -> trainer.classifier(resumed.resolve("classifier-frozen"),
        resumed.resolve("autoencoder/model.zip"), ClassifierMode.FROZEN, SETTINGS), engine, "portable-resumed-cache");

    for (String stage : List.of("autoencoder", "classifier-frozen")) {
      assertThat(Files.readAllBytes(resumed.resolve(stage).resolve(StageFiles.MODEL))).as(stage)
          .isEqualTo(Files.readAllBytes(straight.resolve(stage).resolve(StageFiles.MODEL)));
    }
  }
}
