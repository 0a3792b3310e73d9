package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.RemoteMissException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.testing.SigningKeys;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Signed entries against CREEP (CVE-2025-36852): a pull-request build with push rights races main to write the
 * entry of a fingerprint both compute. With trusted keys, its forgery is not used, main replaces it, and a signed
 * entry is never replaced. And audits: remote hits done again and compared.
 */
class SignedRemoteCacheTest extends RemoteCacheFixture {

  private final KeyPair mainKey = SigningKeys.generate();

  SignedRemoteCacheTest() throws IOException {
  }

  private EntrySignatures.Trust trust() throws IOException {
    return EntrySignatures.readTrust(Files.writeString(dir.resolve("trusted-keys.pub"),
        SigningKeys.publicPem(mainKey)));
  }

  /** The configuration of a build that lists the trusted keys and, when {@code signs}, signs its pushes. */
  private RemoteCacheConfig trusted(boolean push, boolean signs) throws IOException {
    EntrySignatures.Trust trust = trust();
    Optional<EntrySignatures.Signer> signer = signs ? Optional.of(EntrySignatures.readSigner(
        SigningKeys.writePrivate(mainKey, dir.resolve("main.pem")), trust)) : Optional.empty();
    return config(push).with(trust, signer, RemoteAudit.NONE);
  }

  private String keyId() throws IOException {
    return trust().keys().get(0).id();
  }

  private String model() {
    return new String(stored.get(path("model.zip")), StandardCharsets.UTF_8);
  }

  @Test
  void aForgedEntryPushedFirstIsNotUsedAndTheTrustedWriterReplacesIt() throws Exception {
    // the pull request's build pushes first: consistent (its checksums hold), but forged
    machine("pr", config(true), new RecordingLog()).run(List.of(step("pr-out")), CachedSteps.Mode.REUSE,
        training("forged"));
    assertThat(model()).isEqualTo("forged");
    assertThat(stored).doesNotContainKey(path(EntrySignatures.FILE));

    RecordingLog main = new RecordingLog();
    List<CachedSteps.Outcome> outcomes = machine("main", trusted(true, true), main).run(List.of(step("main-out")),
        CachedSteps.Mode.REUSE, training("real"));

    assertThat(outcomes.get(0).computed()).as("main trains instead of taking the forgery").isTrue();
    assertThat(Files.readString(dir.resolve("main-out/model.zip"))).isEqualTo("real");
    assertThat(warnings(main)).containsExactly(
        "WARN Remote cache " + server.url(path(EntrySignatures.FILE)) + ": the entry is not taken: it is not signed "
            + "(no SHA256SUMS.sig); the step is done here instead",
        "WARN Remote cache " + server.url(path("")) + ": the entry there is not taken (it is not signed (no "
            + "SHA256SUMS.sig)); this build, a trusted writer, replaces it with its own, signed by key " + keyId());
    assertThat(main.lines).contains("Pushed 2 files to the remote cache " + server.url(path("")) + " (read back, "
        + "signed by key " + keyId() + ")");
    assertThat(model()).isEqualTo("real");
    assertThat(stored).containsKey(path(EntrySignatures.FILE));

    // a release build that trusts main's key takes main's entry, without training
    RecordingLog release = new RecordingLog();
    machine("release", trusted(false, false), release).run(List.of(step("release-out")), CachedSteps.Mode.REUSE,
        training("never"));
    assertThat(runs).containsExactly("pr-out", "main-out");
    assertThat(Files.readString(dir.resolve("release-out/model.zip"))).isEqualTo("real");
    assertThat(warnings(release)).isEmpty();
  }

  @Test
  void anEntrySignedByATrustedKeyIsNeverReplaced() throws Exception {
    machine("main", trusted(true, true), new RecordingLog()).run(List.of(step("main-out")), CachedSteps.Mode.REUSE,
        training("real"));
    byte[] signature = stored.get(path(EntrySignatures.FILE));

    // another pull request pushes its own bytes over it: first writer wins, as for any complete entry
    RecordingLog pr = new RecordingLog();
    machine("pr", config(true), pr).run(List.of(step("pr-out")), CachedSteps.Mode.REDO, training("forged"));
    // and a trusted writer with other bytes (a retrain) does not replace a signed entry either
    RecordingLog again = new RecordingLog();
    machine("main2", trusted(true, true), again).run(List.of(step("main2-out")), CachedSteps.Mode.REDO,
        training("retrained"));

    assertThat(model()).isEqualTo("real");
    assertThat(stored.get(path(EntrySignatures.FILE))).isEqualTo(signature);
    assertThat(warnings(pr)).singleElement().asString().startsWith("WARN Reproducibility finding: the remote cache");
    assertThat(warnings(again)).singleElement().asString().startsWith("WARN Reproducibility finding: the remote "
        + "cache").endsWith("the remote entry is kept (the first writer wins)");
  }

  @Test
  void anEntrySignedByAnotherKeyIsRejectedAndARequiredRemoteNamesWhy() throws Exception {
    KeyPair strangerKey = SigningKeys.generate();
    EntrySignatures.Trust strangers = EntrySignatures.readTrust(Files.writeString(dir.resolve("stranger.pub"),
        SigningKeys.publicPem(strangerKey)));
    EntrySignatures.Signer stranger = EntrySignatures.readSigner(SigningKeys.writePrivate(strangerKey,
        dir.resolve("stranger.pem")), strangers);
    machine("stranger", config(true).with(strangers, Optional.of(stranger), RemoteAudit.NONE), new RecordingLog())
        .run(List.of(step("stranger-out")), CachedSteps.Mode.REUSE, training("theirs"));

    RemoteCacheConfig required = config(server.url("/cache"), false, true, Map.of(), Duration.ofSeconds(5))
        .with(trust(), Optional.empty(), RemoteAudit.NONE);
    RecordingLog gather = new RecordingLog();

    assertThatThrownBy(() -> machine("gather", required, gather).run(List.of(step("gather-out")),
        CachedSteps.Mode.REUSE, training("never"))).isInstanceOf(RemoteMissException.class).hasMessageStartingWith(
        "The remote cache failed for autoencoder " + FINGERPRINT.substring(0, 12) + " (" + server.url(
            path(EntrySignatures.FILE)) + ": the entry is not taken: it is signed by key " + stranger.publicKey().id()
            + ", which is not among the 1 trusted keys of " + dir.resolve("trusted-keys.pub") + ")");
    assertThat(runs).containsExactly("stranger-out");
    assertThat(leftovers("gather")).isEmpty();
  }

  @Test
  void anAuditDoesARemoteHitAgainAndPassesOnTheSameBytes() throws Exception {
    pushedByAnotherMachine("model-a");
    RecordingLog log = new RecordingLog();

    machine("b", config(false).with(EntrySignatures.Trust.NONE, Optional.empty(), new RemoteAudit(0, 1)), log)
        .run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("model-a"));

    assertThat(runs).containsExactly("a-out", "b-out");
    String label = "autoencoder " + FINGERPRINT.substring(0, 12);
    assertThat(log.lines).containsExactly(
        label + ": auditing the remote cache entry " + server.url(path("")) + " (fashionae.remoteCache.audit=1): "
            + "training here again to compare its bytes",
        label + ": reproducible, the retrained model equals the remote cache's (SHA-256 of model.zip "
            + sha256("model-a") + "); audit passed");
  }

  @Test
  void anAuditThatFindsOtherBytesFailsTheBuildWithBothDigests() throws Exception {
    pushedByAnotherMachine("model-a");

    assertThatThrownBy(() -> machine("c", config(false).with(EntrySignatures.Trust.NONE, Optional.empty(),
        new RemoteAudit(1.0, 0)), new RecordingLog()).run(List.of(step("c-out")), CachedSteps.Mode.REUSE,
        training("model-c"))).isInstanceOf(ReproducibilityException.class).hasMessage("autoencoder "
        + FINGERPRINT.substring(0, 12) + " is not reproducible: the remote cache's model.zip has SHA-256 "
        + sha256("model-a") + ", the retrained model.zip " + sha256("model-c") + " (" + dir.resolve("c-out") + "); "
        + "the audit (fashionae.remoteCache.audit=1.0) fails the build: the remote entry " + server.url(path(""))
        + " is not what these inputs give here");
    assertThat(dir.resolve("c/stages/" + FINGERPRINT)).doesNotExist();
  }

  @Test
  void anAuditByFractionPicksTheSameFingerprintsInEveryBuild() {
    RemoteAudit tenth = RemoteAudit.parse("remoteCacheAudit", "0.1");
    AtomicInteger unused = new AtomicInteger();
    long picked = IntStream.range(0, 2000).mapToObj(i -> Sha256.hex(
        Integer.toString(i).getBytes(StandardCharsets.US_ASCII))).filter(fp -> tenth.selects(fp, unused)).count();
    assertThat(picked).isBetween(150L, 250L);
    assertThat(tenth.selects(FINGERPRINT, unused)).isEqualTo(RemoteAudit.position(FINGERPRINT) < 0.1);
    assertThat(RemoteAudit.parse("remoteCacheAudit", "1.0").selects(FINGERPRINT, unused)).isTrue();

    RemoteAudit two = RemoteAudit.parse("remoteCacheAudit", "2");
    assertThat(List.of(two.selects("a", unused), two.selects("b", unused), two.selects("c", unused)))
        .containsExactly(true, true, false);
    assertThat(RemoteAudit.parse("remoteCacheAudit", " 0 ")).isEqualTo(RemoteAudit.NONE);
    for (String bad : List.of("all", "1.5", "-1", "0.1.2")) {
      assertThatThrownBy(() -> RemoteAudit.parse("remoteCacheAudit", bad)).as(bad).hasMessage("remoteCacheAudit: "
          + "expected a fraction of the remote hits such as 0.1 (1.0 = all), or a count of them such as 3, found '"
          + bad + "'");
    }
  }
}
