package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.Nginx;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote cache against a real server: Debian's nginx with its WebDAV module on 127.0.0.1 (installed by
 * {@code .ci/run}), as a team would run one. What one machine pushes, another takes without working; what the
 * server does not have is a plain miss.
 */
class NginxRemoteCacheTest {

  private static final String FINGERPRINT = "5e".repeat(32);

  @TempDir
  static Path dir;

  private static Nginx nginx;

  private final List<String> runs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    nginx = Nginx.start(dir.resolve("nginx"));
  }

  @AfterAll
  static void stop() throws Exception {
    nginx.close();
  }

  private CachedSteps machine(String name, boolean push, RecordingLog log) {
    RemoteCacheConfig config = new RemoteCacheConfig(nginx.url("/fashion-ae"), push, false, Map.of(),
        ProxySettings.NONE, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 64L << 20,
        new RemoteCacheConfig.Health());
    return new CachedSteps(new StageCache(dir.resolve(name), log, new HttpRemoteCache(config, log)), log);
  }

  private CachedSteps.Step step(String folder) {
    return new CachedSteps.Step(FINGERPRINT, "autoencoder", CachedSteps.Activity.TRAINING, dir.resolve(folder),
        List.of("model.zip", "history.json"), List.of("model.zip"), entry -> Optional.empty());
  }

  private CachedSteps.Work training(byte[] model) {
    return misses -> {
      for (CachedSteps.Miss miss : misses) {
        Files.createDirectories(miss.step().output());
        Files.write(miss.step().output().resolve("model.zip"), model);
        Files.writeString(miss.step().output().resolve("history.json"), "{}");
        runs.add(miss.step().output().getFileName().toString());
      }
    };
  }

  @Test
  void whatOneMachinePushesAnotherTakesWithoutWorking() throws Exception {
    byte[] model = new byte[3 << 20];
    new java.util.Random(7).nextBytes(model);
    RecordingLog first = new RecordingLog();
    machine("a", true, first).run(List.of(step("a-out")), CachedSteps.Mode.REUSE, training(model));

    Path pushed = nginx.store().resolve("fashion-ae/v1/stages").resolve(FINGERPRINT);
    assertThat(pushed.resolve("SHA256SUMS")).isRegularFile();
    assertThat(Files.readAllBytes(pushed.resolve("model.zip"))).isEqualTo(model);

    RecordingLog second = new RecordingLog();
    List<CachedSteps.Outcome> outcomes = machine("b", false, second).run(List.of(step("b-out")),
        CachedSteps.Mode.REUSE, training(new byte[] {1}));

    assertThat(runs).containsExactly("a-out");
    assertThat(outcomes.get(0).computed()).isFalse();
    assertThat(Files.readAllBytes(dir.resolve("b-out/model.zip"))).isEqualTo(model);
    assertThat(second.lines).containsExactly("autoencoder " + FINGERPRINT.substring(0, 12) + ": up to date (from the "
        + "remote cache " + nginx.url("/fashion-ae/v1/stages/" + FINGERPRINT + "/") + ")");
    assertThat(first.lines).noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void anEntryTheServerLacksIsAPlainMiss() throws Exception {
    RecordingLog log = new RecordingLog();

    machine("c", false, log).run(List.of(new CachedSteps.Step("7f".repeat(32), "classifier",
        CachedSteps.Activity.TRAINING, dir.resolve("c-out"), List.of("model.zip", "history.json"),
        List.of("model.zip"), entry -> Optional.empty())), CachedSteps.Mode.REUSE, training(new byte[] {2}));

    assertThat(runs).containsExactly("c-out");
    assertThat(log.lines).noneMatch(l -> l.startsWith("WARN"));
  }
}
