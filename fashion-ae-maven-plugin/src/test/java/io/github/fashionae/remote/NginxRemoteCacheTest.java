package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.Nginx;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.testing.SigningKeys;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
    return machine(name, config(push), log);
  }

  private static RemoteCacheConfig config(boolean push) {
    return new RemoteCacheConfig(nginx.url("/fashion-ae"), push, false, Map.of(),
        ProxySettings.NONE, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 64L << 20,
        new RemoteCacheConfig.Health());
  }

  private CachedSteps machine(String name, RemoteCacheConfig config, RecordingLog log) {
    return new CachedSteps(new StageCache(dir.resolve(name), log, new HttpRemoteCache(config, log)), log);
  }

  private CachedSteps.Step step(String folder) {
    return step(FINGERPRINT, folder);
  }

  private CachedSteps.Step step(String fingerprint, String folder) {
    return new CachedSteps.Step(fingerprint, "autoencoder", StageRunner.TRAINING, dir.resolve(folder),
        List.of("model.zip", "history.json"), List.of("model.zip"), entry -> Optional.empty());
  }

  private CachedSteps.Work<RuntimeException> training(byte[] model) {
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
        StageRunner.TRAINING, dir.resolve("c-out"), List.of("model.zip", "history.json"),
        List.of("model.zip"), entry -> Optional.empty())), CachedSteps.Mode.REUSE, training(new byte[] {2}));

    assertThat(runs).containsExactly("c-out");
    assertThat(log.lines).noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void aSignedEntryIsTakenByATrustedReaderAndATamperedOneIsNot() throws Exception {
    String fingerprint = "3c".repeat(32);
    KeyPair key = SigningKeys.generate();
    EntrySignatures.Trust trust = EntrySignatures.readTrust(Files.writeString(dir.resolve("trusted-keys.pub"),
        SigningKeys.publicPem(key)));
    EntrySignatures.Signer signer = EntrySignatures.readSigner(SigningKeys.writePrivate(key,
        dir.resolve("signing.pem")), trust);
    RecordingLog main = new RecordingLog();
    machine("signer", config(true).with(trust, Optional.of(signer), RemoteAudit.NONE), main)
        .run(List.of(step(fingerprint, "signer-out")), CachedSteps.Mode.REUSE, training(new byte[] {1, 2, 3}));

    Path pushed = nginx.store().resolve("fashion-ae/v1/stages").resolve(fingerprint);
    assertThat(pushed.resolve(EntrySignatures.FILE)).isRegularFile();
    assertThat(main.lines).anyMatch(l -> l.endsWith("(read back, signed by key " + signer.publicKey().id() + ")"));

    RecordingLog reader = new RecordingLog();
    machine("reader", config(false).with(trust, Optional.empty(), RemoteAudit.NONE), reader)
        .run(List.of(step(fingerprint, "reader-out")), CachedSteps.Mode.REUSE, training(new byte[] {9}));
    assertThat(runs).containsExactly("signer-out");
    assertThat(reader.lines).noneMatch(l -> l.startsWith("WARN"));

    // someone with write access to the server rewrites the entry consistently: model and SHA256SUMS agree
    byte[] forged = {6, 6, 6};
    Files.write(pushed.resolve("model.zip"), forged);
    Files.writeString(pushed.resolve("SHA256SUMS"), Files.readString(pushed.resolve("SHA256SUMS")).replace(
        Sha256.hex(new byte[] {1, 2, 3}), Sha256.hex(forged)));
    RecordingLog victim = new RecordingLog();
    machine("victim", config(false).with(trust, Optional.empty(), RemoteAudit.NONE), victim)
        .run(List.of(step(fingerprint, "victim-out")), CachedSteps.Mode.REUSE, training(new byte[] {1, 2, 3}));

    assertThat(runs).containsExactly("signer-out", "victim-out");
    assertThat(Files.readAllBytes(dir.resolve("victim-out/model.zip"))).containsExactly(1, 2, 3);
    assertThat(victim.lines).filteredOn(l -> l.startsWith("WARN")).containsExactly("WARN Remote cache "
        + nginx.url("/fashion-ae/v1/stages/" + fingerprint + "/" + EntrySignatures.FILE) + ": the entry is not "
        + "taken: its signature by trusted key " + signer.publicKey().id() + " does not verify: SHA256SUMS or the "
        + "signature was altered, or the signature is another entry's; the step is done here instead");
  }
}
