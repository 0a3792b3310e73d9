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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** The most engine JVMs (children of this JVM) alive at once while {@code work} runs, sampled every 10 ms. */
  private static <T> int mostEnginesAtOnce(Callable<T> work, List<T> result) throws Exception {
    AtomicInteger most = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        int alive = (int) ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().command().orElse("").endsWith("java")).count();
        most.accumulateAndGet(alive, Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    try {
      result.add(work.call());
    } finally {
      done.set(true);
      sampler.join();
    }
    return most.get();
  }

  @Test
  void classifiersTrainedAtOnceAreTheClassifiersTrainedInTurn() throws Exception {
    List<List<StageTrainer.Attempt>> results = new ArrayList<>();
    int inTurnAtOnce = mostEnginesAtOnce(() -> trainer("cache-a").classifiers(calls("a"), encoder, SETTINGS, 1),
        results);
    int atOnceAtOnce = mostEnginesAtOnce(() -> trainer("cache-b").classifiers(calls("b"), encoder, SETTINGS, 2),
        results);
    List<StageTrainer.Attempt> inTurn = results.get(0);
    List<StageTrainer.Attempt> atOnce = results.get(1);

    // each classifier's engine JVM lives for seconds: two at once are seen at once, one at a time never
    assertThat(inTurnAtOnce).as("engine JVMs alive at once, in turn").isEqualTo(1);
    assertThat(atOnceAtOnce).as("engine JVMs alive at once, at once").isEqualTo(2);

    // the real files, read without DL4J: the autoencoder passes as an encoder, a classifier does not
    StageTrainer.requireEncoder(encoder);
    Path classifier = calls("a").get(0).directory().resolve("model.zip");
    assertThatThrownBy(() -> StageTrainer.requireEncoder(classifier)).hasMessageEndingWith(", found another network "
        + "(9 layers, ending in OutputLayer: a classifier), not an autoencoder that decodes with Deconvolution2D "
        + "layers into a LossLayer");

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
