package io.github.fashionae.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.training.TrainingRequest;
import io.github.fashionae.util.Json;
import io.github.fashionae.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan of a build whose stages are in the user cache, in the remote cache, and nowhere. */
class BuildPlanTest {

  @TempDir
  Path dir;

  @Test
  void eachStageSaysWhereItIsAndTheMatrixHoldsTheShardsWithWork() throws Exception {
    Map<String, byte[]> remote = new ConcurrentHashMap<>();
    try (LoopbackServer server = new LoopbackServer().handle("/cache/", exchange -> {
      byte[] body = remote.get(exchange.getRequestURI().getPath());
      LoopbackServer.respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
    })) {
      Path manifest = dir.resolve("manifest.json");
      MojoFixtures.realManifest(manifest);
      RemoteCacheConfig config = new RemoteCacheConfig(server.url("/cache"), false, false, Map.of(),
          ProxySettings.NONE, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 1L << 20,
          new RemoteCacheConfig.Health());
      StageTrainer trainer = StageTrainer.of(new TrainingRequest(manifest, new DataOptions(ValidationSet.HOLDOUT,
          100, 300), 1, "test", "2026-11-27T00:00:00Z", dir.resolve("cache"), CachedSteps.Mode.REUSE,
          Defaults.currentJvm("512m"), Optional.of(config)), new RecordingLog());
      Overrides.Baseline baseline = new Overrides.Baseline(Defaults.autoencoder(), Defaults.settings(42, 1),
          Defaults.settings(42, 1));
      List<Experiment> plan = List.of(
          new Experiment("lr-0.01", new TreeMap<>(Map.of("learningRate", "0.01", "classifierModes", "finetune"))),
          new Experiment("lr-0.005", new TreeMap<>(Map.of("learningRate", "0.005"))));
      List<Study.Entry> jobs = Experiments.jobs(plan, baseline, dir.resolve("out"));

      // the baseline's autoencoder and classifier in the user cache
      String baselineEncoder = local(trainer.autoencoderStage(baseline.autoencoder(),
          baseline.autoencoderSettings()).fingerprint(), "baseline encoder");
      String baselineClassifier = trainer.classifierStage(ClassifierMode.FINETUNE, baselineEncoder,
          baseline.classifierSettings()).fingerprint();
      local(baselineClassifier, "baseline classifier");
      // lr-0.01's autoencoder in the remote cache only; its classifier and lr-0.005 nowhere
      Overrides.Resolved first = jobs.get(0).resolved();
      String remoteEncoder = trainer.autoencoderStage(first.autoencoder(), first.autoencoderSettings()).fingerprint();
      String remoteModel = Sha256.hex("remote encoder".getBytes(StandardCharsets.UTF_8));
      remote.put("/cache/v1/stages/" + remoteEncoder + "/SHA256SUMS", (remoteModel + "  model.zip\n")
          .getBytes(StandardCharsets.UTF_8));

      List<BuildPlan.Stage> stages = BuildPlan.of(trainer, Study.of(baseline, Set.of(ClassifierMode.FINETUNE), plan,
          dir.resolve("out")), 2);

      assertThat(stages).extracting(s -> s.experiment() + "/" + s.stage() + " " + s.shard() + " " + s.location())
          .containsExactly("baseline/autoencoder 0/2 LOCAL", "baseline/classifier-finetune 0/2 LOCAL",
              "lr-0.01/autoencoder 1/2 REMOTE", "lr-0.01/classifier-finetune 1/2 MISSING",
              "lr-0.005/autoencoder 0/2 MISSING");
      assertThat(stages.get(1).fingerprint()).isEqualTo(baselineClassifier);
      assertThat(stages.get(2).fingerprint()).isEqualTo(remoteEncoder);
      // the classifier's fingerprint follows from the remote encoder's digest, without downloading it
      assertThat(stages.get(3).fingerprint()).isEqualTo(trainer.classifierStage(ClassifierMode.FINETUNE, remoteModel,
          first.classifierSettings()).fingerprint());
      assertThat(BuildPlan.shardsWithWork(stages)).containsExactly("0/2", "1/2");
      String json = Json.pretty(BuildPlan.json(stages, 2, server.url("/cache").toString()));
      assertThat(Json.MAPPER.readTree(json).path("matrix").path("include").toString())
          .isEqualTo("[{\"count\":2,\"index\":0,\"shard\":\"0/2\"},{\"count\":2,\"index\":1,\"shard\":\"1/2\"}]");
      assertThat(server.requests()).allMatch(r -> r.startsWith("GET ") && r.endsWith("/SHA256SUMS"));
    }
  }

  /**
   * Stores an entry whose model.zip holds {@code content} under {@code fingerprint} in the user cache the trainer
   * reads; returns the model's SHA-256.
   */
  private String local(String fingerprint, String content) throws Exception {
    Path source = Files.createDirectories(dir.resolve("source-" + fingerprint));
    Files.writeString(source.resolve("model.zip"), content);
    new StageCache(dir.resolve("cache"), new RecordingLog()).store(fingerprint, source, List.of("model.zip"));
    return Sha256.ofFile(source.resolve("model.zip"));
  }
}
