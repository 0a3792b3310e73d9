package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autoencoder stage through the cache, in real forked JVMs, on a slice of the real data. */
class StageRunnerTest {

  private static final CachedSteps.Mode NORMAL = CachedSteps.Mode.REUSE;
  private static final CachedSteps.Mode VERIFY = CachedSteps.Mode.VERIFY;

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();
  private final List<String> lines = log.lines;

  private static StageSpec spec(double learningRate) {
    return AutoencoderStage.of(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, learningRate, 0.2,
        100, 4, 5), RealData.build(new DataOptions(ValidationSet.HOLDOUT, 100, 300)));
  }

  private StageRunner.Plan plan(String output) {
    return new StageRunner.Plan("autoencoder", dir.resolve(output), RealData.dataset().files(), 1);
  }

  private StageRunner runner(String cache) {
    return runner(cache, Defaults.currentJvm("512m"));
  }

  private StageRunner runner(String cache, ForkedJvm.Fork fork) {
    return new StageRunner(new StageCache(dir.resolve(cache), log), new ForkedTraining(fork, log), log);
  }

  @Test
  void aKilledRunResumesToTheSameBytesAsAnUninterruptedOne() throws Exception {
    StageRunner.Result straight = runner("cache-a").run(spec(0.001), plan("a"), NORMAL);
    assertThat(straight.trained()).isTrue();
    lines.clear();

    ForkedJvm.Fork current = Defaults.currentJvm("512m");
    ForkedJvm.Fork halting = new ForkedJvm.Fork(current.javaExecutable(), current.classpath(), current.maxHeap(),
        List.of("-D" + Protocol.HALT_AFTER_EPOCH_PROPERTY + "=2"));
    assertThatThrownBy(() -> runner("cache-b", halting).run(spec(0.001), plan("b"), NORMAL))
        .isInstanceOf(ForkException.class)
        .hasMessageContaining("exited with code " + Protocol.HALTED);
    assertThat(lines).anyMatch(l -> l.startsWith("autoencoder epoch 2/4"));
    assertThat(lines).noneMatch(l -> l.startsWith("autoencoder epoch 3/4"));
    lines.clear();

    StageRunner.Result resumed = runner("cache-b").run(spec(0.001), plan("b"), NORMAL);

    assertThat(lines).anyMatch(l -> l.startsWith("autoencoder: resuming after epoch 2/4 from the checkpoint in "));
    assertThat(lines).noneMatch(l -> l.startsWith("autoencoder epoch 2/4"));
    assertThat(resumed.summary().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
    assertThat(resumed.modelSha256()).isEqualTo(straight.modelSha256());
    assertThat(resumed.summary().parametersSha256()).isEqualTo(straight.summary().parametersSha256());
    assertThat(Files.readAllBytes(dir.resolve("b/model.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("a/model.zip")));
    assertThat(dir.resolve("b/model.zip.sha256")).hasContent(straight.modelSha256() + "  model.zip");
    assertThat(dir.resolve("b/model-card.json")).content().contains("\"modelSha256\" : \"" + straight.modelSha256())
        .doesNotContain("seconds");
    // the finished stage's checkpoints are pruned
    assertThat(dir.resolve("cache-b/stages/" + resumed.fingerprint() + ".checkpoints")).doesNotExist();
  }

  @Test
  void anUnchangedStageComesFromTheCacheAndAChangedOneSaysWhatChanged() throws Exception {
    StageRunner runner = runner("cache");
    StageRunner.Result first = runner.run(spec(0.001), plan("out"), NORMAL);
    Files.delete(dir.resolve("out/model.zip")); // as mvn clean would

    StageRunner.Result second = runner.run(spec(0.001), plan("out"), NORMAL);

    assertThat(second.trained()).isFalse();
    assertThat(second.modelSha256()).isEqualTo(first.modelSha256());
    assertThat(lines).contains("autoencoder " + first.fingerprint().substring(0, 12) + ": up to date (from the cache "
        + dir.resolve("cache/stages/" + first.fingerprint()) + ")");

    StageRunner.Result changed = runner.run(spec(0.005), plan("out"), NORMAL);

    assertThat(changed.trained()).isTrue();
    assertThat(lines).anyMatch(l -> l.endsWith(": not in the cache; changed since the last build: "
        + "settings.learningRate 0.001 → 0.005"));

    StageRunner.Result verified = runner.run(spec(0.001), plan("out"), VERIFY);
    assertThat(verified.trained()).isTrue();
    assertThat(lines).anyMatch(l -> l.startsWith("autoencoder " + first.fingerprint().substring(0, 12)
        + ": reproducible, the retrained model equals the cached one (SHA-256 of model.zip " + first.modelSha256()
        + ", model.onnx "));
  }

  @Test
  void aTamperedCacheEntryIsRebuiltAndAMismatchFailsVerification() throws Exception {
    StageRunner runner = runner("cache");
    StageRunner.Result first = runner.run(spec(0.001), plan("out"), NORMAL);
    Path cachedModel = dir.resolve("cache/stages/" + first.fingerprint() + "/model.zip");
    byte[] bytes = Files.readAllBytes(cachedModel);
    bytes[bytes.length / 2] ^= 1;
    Files.write(cachedModel, bytes);

    StageRunner.Result rebuilt = runner.run(spec(0.001), plan("out"), NORMAL);

    assertThat(rebuilt.trained()).isTrue();
    assertThat(rebuilt.modelSha256()).isEqualTo(first.modelSha256());
    assertThat(lines).anyMatch(l -> l.startsWith("WARN Cache entry ") && l.contains("is corrupt (model.zip: expected "
        + "SHA-256 " + first.modelSha256()));

    // A model replaced together with both checksum files still disagrees with its model card: rebuilt, not served.
    Path entry = dir.resolve("cache/stages/" + first.fingerprint());
    byte[] other = Arrays.copyOf(bytes, bytes.length + 1);
    Files.write(cachedModel, other);
    String otherSha = StageCache.sha256(cachedModel);
    Files.writeString(entry.resolve("model.zip.sha256"), otherSha + "  model.zip\n");
    rewriteChecksums(entry);
    lines.clear();

    StageRunner.Result again = runner.run(spec(0.001), plan("out"), NORMAL);

    assertThat(again.trained()).isTrue();
    assertThat(again.modelSha256()).isEqualTo(first.modelSha256());
    assertThat(lines).anyMatch(l -> l.startsWith("WARN Cache entry ") && l.contains("is inconsistent (model-card.json "
        + "states modelSha256 " + first.modelSha256() + ", but model.zip has SHA-256 " + otherSha + ")"));

    // A cached model that differs from what the same inputs give now fails -Dfashionae.verifyReproducible.
    // (an entry whose files all agree, e.g. trained by another machine's kernels)
    Files.write(cachedModel, bytes);
    String tampered = StageCache.sha256(cachedModel);
    for (String name : List.of("model.zip.sha256", "model-card.json")) {
      Files.writeString(entry.resolve(name), Files.readString(entry.resolve(name)).replace(first.modelSha256(),
          tampered));
    }
    rewriteChecksums(entry);
    assertThatThrownBy(() -> runner.run(spec(0.001), plan("out"), VERIFY))
        .isInstanceOf(ReproducibilityException.class)
        .hasMessageContaining("is not reproducible: the cached model.zip has SHA-256 " + StageCache.sha256(cachedModel)
            + ", the retrained model.zip " + first.modelSha256());
  }

  @Test
  void everyDisagreementWithinAnEntryIsNamedByTheEntryCheck() throws Exception {
    StageRunner.Result trained = runner("cache").run(spec(0.001), plan("out"), NORMAL);
    String fingerprint = trained.fingerprint();
    Path entry = dir.resolve("cache/stages/" + fingerprint);
    String onnx = StageCache.sha256(entry.resolve("model.onnx"));
    String other = "0".repeat(64);
    assertThat(StageRunner.problem(entry, fingerprint)).isEmpty();

    assertThat(StageRunner.problem(tampered(entry, "card-fingerprint", "model-card.json", fingerprint, other),
        fingerprint)).contains("model-card.json states fingerprint " + other + ", but the entry is " + fingerprint);
    assertThat(StageRunner.problem(tampered(entry, "card-onnx", "model-card.json", onnx, other), fingerprint))
        .contains("model-card.json states onnx.sha256 " + other + ", but model.onnx has SHA-256 " + onnx);
    assertThat(StageRunner.problem(tampered(entry, "onnx-sums", "model.onnx.sha256", onnx, other), fingerprint))
        .contains("model.onnx.sha256 states " + other + ", but model.onnx has SHA-256 " + onnx);
    Path history = tampered(entry, "history", "history.json", "\"seed\" : 5", "\"seed\" : 6");
    assertThat(StageRunner.problem(history, fingerprint)).hasValueSatisfying(problem -> assertThat(problem)
        .startsWith("history.json describes a stage of fingerprint ").endsWith(", but the entry is " + fingerprint)
        .doesNotContain("fingerprint " + fingerprint + ","));
  }

  /** A copy of {@code entry} named {@code name} whose {@code file} has {@code from} replaced by {@code to}. */
  private Path tampered(Path entry, String name, String file, String from, String to) throws Exception {
    Path copy = Files.createDirectories(dir.resolve("tampered").resolve(name));
    try (var files = Files.list(entry)) {
      for (Path each : files.toList()) {
        Files.copy(each, copy.resolve(each.getFileName().toString()));
      }
    }
    String text = Files.readString(copy.resolve(file));
    assertThat(text).as(file).contains(from);
    Files.writeString(copy.resolve(file), text.replace(from, to));
    return copy;
  }

  /** Rewrites an entry's SHA256SUMS to match its files, as someone replacing them consistently would. */
  private static void rewriteChecksums(Path entry) throws Exception {
    Path checksums = entry.resolve(StageCache.CHECKSUMS);
    StringBuilder rewritten = new StringBuilder();
    for (String line : Files.readAllLines(checksums)) {
      String name = line.substring(66);
      rewritten.append(StageCache.sha256(entry.resolve(name))).append("  ").append(name).append('\n');
    }
    Files.writeString(checksums, rewritten);
  }
}
