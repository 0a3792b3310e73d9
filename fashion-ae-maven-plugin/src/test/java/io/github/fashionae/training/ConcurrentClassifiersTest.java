package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both classifiers trained at once, each in its own forked JVM, are the classifiers trained one after the other,
 * byte for byte; when they fail, each attempt carries its own failure, after both ended.
 */
class ConcurrentClassifiersTest {

  private static final TrainingSettings SETTINGS = Defaults.settings(11, 1);

  @TempDir
  static Path dir;

  private static Path manifest;
  private static Path encoder;

  @BeforeAll
  static void autoencoder() throws Exception {
    manifest = dir.resolve("manifest.json");
    MojoFixtures.realManifest(manifest);
    trainer("cache-encoder").autoencoder(dir.resolve("encoder/autoencoder"), Defaults.autoencoder(), SETTINGS);
    encoder = dir.resolve("encoder/autoencoder/model.zip");
  }

  private static StageTrainer trainer(String cache) throws Exception {
    ForkedJvm.Fork current = Defaults.currentJvm("512m");
    return StageTrainer.of(new TrainingRequest(manifest, new DataOptions(ValidationSet.HOLDOUT, 100, 200), 1, "test",
        "2026-11-27T00:00:00Z", dir.resolve(cache), CachedSteps.Mode.REUSE, current), new RecordingLog());
  }

  private static List<StageTrainer.ClassifierCall> calls(String folder) {
    return List.of(ClassifierMode.values()).stream()
        .map(mode -> new StageTrainer.ClassifierCall(dir.resolve(folder).resolve(ClassifierStage.name(mode)), mode))
        .toList();
  }

  @Test
  void classifiersTrainedAtOnceAreTheClassifiersTrainedInTurn() throws Exception {
    List<StageTrainer.Attempt> inTurn = trainer("cache-a").classifiers(calls("a"), encoder, SETTINGS, 1);
    List<StageTrainer.Attempt> atOnce = trainer("cache-b").classifiers(calls("b"), encoder, SETTINGS, 2);

    for (int i = 0; i < inTurn.size(); i++) {
      assertThat(atOnce.get(i).get().trained()).isTrue();
      assertThat(atOnce.get(i).get().modelSha256()).isEqualTo(inTurn.get(i).get().modelSha256());
      String stage = calls("a").get(i).directory().getFileName().toString();
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(stage).resolve("model.onnx")))
          .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(stage).resolve("model.onnx")));
    }
  }

  @Test
  void classifiersFailingAtOnceEachReportTheirOwnFailure() throws Exception {
    ForkedJvm.Fork current = Defaults.currentJvm("512m");
    // a heap too small for the engine: both forks fail, each with its own report
    StageTrainer starved = StageTrainer.of(new TrainingRequest(manifest, new DataOptions(ValidationSet.HOLDOUT, 100,
        200), 1, "test", "2026-11-27T00:00:00Z", dir.resolve("cache-c"), CachedSteps.Mode.REUSE,
        new ForkedJvm.Fork(current.javaExecutable(), current.classpath(), "4m", List.of())), new RecordingLog());

    List<StageTrainer.Attempt> attempts = starved.classifiers(calls("c"), encoder, SETTINGS, 2);

    assertThat(attempts).hasSize(2);
    for (StageTrainer.Attempt attempt : attempts) {
      assertThatThrownBy(attempt::get).isInstanceOf(ForkException.class);
    }
  }
}
