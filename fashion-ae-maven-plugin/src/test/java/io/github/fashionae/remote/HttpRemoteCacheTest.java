package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.RemoteMissException;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The remote cache against a loopback server that stores PUT bodies, as nginx's WebDAV module does, with faults
 * injected: each one is a warning naming the URL and what happened, the step is done locally, and nothing
 * half-written stays in the local cache. {@link HostileRemoteCacheTest} has the server that attacks.
 */
class HttpRemoteCacheTest extends RemoteCacheFixture {

  HttpRemoteCacheTest() throws IOException {
  }

  @Test
  void aPushedEntryIsServedToAnotherMachineVerifiedAndWithoutTraining() throws Exception {
    pushedByAnotherMachine("model A");
    RecordingLog log = new RecordingLog();

    List<CachedSteps.Outcome> outcomes = machine("b", config(false), log).run(List.of(step("b-out")),
        CachedSteps.Mode.REUSE, training("model B"));

    assertThat(runs).containsExactly("a-out");
    assertThat(outcomes.get(0).computed()).isFalse();
    assertThat(dir.resolve("b-out/model.zip")).hasContent("model A");
    assertThat(dir.resolve("b/stages").resolve(FINGERPRINT).resolve("SHA256SUMS")).isRegularFile();
    assertThat(log.lines).containsExactly("autoencoder " + FINGERPRINT.substring(0, 12) + ": up to date (from the "
        + "remote cache " + server.url(path("")) + ")");
    // the push: each file, then SHA256SUMS last
    assertThat(server.requests().stream().filter(r -> r.startsWith("PUT")).toList()).containsExactly(
        "PUT " + path("history.json"), "PUT " + path("model.zip"), "PUT " + path("SHA256SUMS"));
    assertThat(leftovers("b")).isEmpty();
  }

  @Test
  void aMissTrainsQuietlyAndAnErrorStatusIsOneWarningNamingTheUrl() throws Exception {
    RecordingLog missed = new RecordingLog();
    machine("b", config(false), missed).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));
    assertThat(runs).containsExactly("b-out");
    assertThat(missed.lines).noneMatch(l -> l.startsWith("WARN"));

    pushedByAnotherMachine("A");
    fault = exchange -> {
      LoopbackServer.respond(exchange, 500, "boom".getBytes(StandardCharsets.UTF_8));
      return true;
    };
    RecordingLog log = new RecordingLog();
    machine("c", config(false), log).run(List.of(step("c-out")), CachedSteps.Mode.REUSE, training("C"));

    assertThat(runs).contains("c-out");
    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN")).containsExactly("WARN Remote cache "
        + server.url(path("SHA256SUMS")) + ": HTTP 500; the step is done here instead");
    assertThat(leftovers("c")).isEmpty();
  }

  @Test
  void credentialsAreSentAndTheirAbsenceIsNamed() throws Exception {
    pushedByAnotherMachine("A");
    fault = exchange -> {
      if (TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        return false;
      }
      LoopbackServer.respond(exchange, 401, new byte[0]);
      return true;
    };
    RecordingLog anonymous = new RecordingLog();
    machine("b", config(false), anonymous).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));
    RecordingLog authorised = new RecordingLog();
    machine("c", config(server.url("/cache/"), false, false, Map.of("Authorization", TOKEN), Duration.ofSeconds(5)),
        authorised).run(List.of(step("c-out")), CachedSteps.Mode.REUSE, training("C"));

    assertThat(anonymous.lines).anyMatch(l -> l.startsWith("WARN Remote cache " + server.url(path("SHA256SUMS"))
        + ": HTTP 401 (check the credentials of fashionae.remoteCache.serverId in settings.xml)"));
    assertThat(runs).contains("b-out").doesNotContain("c-out");
    assertThat(dir.resolve("c-out/model.zip")).hasContent("A");
  }

  @Test
  void aForbiddenReadIsAWarningWithTheCredentialsHintAndTheStepTrains() throws Exception {
    pushedByAnotherMachine("A");
    answeringEverything(403);
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertThat(runs).contains("b-out");
    assertThat(warnings(log)).containsExactly("WARN Remote cache " + server.url(path("SHA256SUMS")) + ": HTTP 403 "
        + "(check the credentials of fashionae.remoteCache.serverId in settings.xml); the step is done here instead");
  }

  @Test
  void noResponseWithinTheTimeoutIsAWarningAndTheRemoteIsNotTriedAgain() throws Exception {
    pushedByAnotherMachine("A");
    CountDownLatch released = new CountDownLatch(1);
    fault = exchange -> {
      try {
        released.await(10, TimeUnit.SECONDS); // no status line, no headers: not a stalled body, no response at all
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    };
    RecordingLog log = new RecordingLog();
    try {
      CachedSteps b = machine("b", config(server.url("/cache"), false, false, Map.of(), Duration.ofMillis(500)), log);
      b.run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));
      int requests = server.requests().size();
      b.run(List.of(new CachedSteps.Step("cd".repeat(32), "classifier", StageRunner.TRAINING,
          dir.resolve("b-two"), List.of("model.zip", "history.json"), List.of("model.zip"), entry -> Optional.empty())),
          CachedSteps.Mode.REUSE, training("B2"));

      assertThat(warnings(log)).containsExactly("WARN Remote cache " + server.url(path("SHA256SUMS")) + ": no "
          + "response within 500 ms; the remote cache is not tried again in this build; the step is done here instead");
      assertThat(server.requests()).hasSize(requests);
      assertThat(runs).contains("b-out", "b-two");
    } finally {
      released.countDown();
    }
  }

  @Test
  void settingsXmlsProxyCarriesEveryRequestWithItsCredentials() throws Exception {
    pushedByAnotherMachine("A");
    String proxyToken = "Basic " + Base64.getEncoder().encodeToString("proxy-user:proxy-pw".getBytes(
        StandardCharsets.UTF_8));
    List<String> proxied = new CopyOnWriteArrayList<>();
    // a forward proxy that demands its own credentials, then answers from the store
    try (LoopbackServer proxy = new LoopbackServer().handle("/", exchange -> {
      if (!proxyToken.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
        exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
        LoopbackServer.respond(exchange, 407, new byte[0]);
        return;
      }
      proxied.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      byte[] body = stored.get(exchange.getRequestURI().getPath());
      LoopbackServer.respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
    })) {
      // the cache's host does not resolve: only the proxy can reach it
      URI url = URI.create("http://fashion-ae-cache.invalid:8080/cache");
      ProxySettings proxies = new ProxySettings(List.of(new ProxySettings.Proxy("http", "127.0.0.1", proxy.port(),
          "proxy-user", "proxy-pw", null)));
      RemoteCacheConfig config = new RemoteCacheConfig(url, false, false, Map.of(), proxies, Duration.ofSeconds(5),
          Duration.ofSeconds(5), Duration.ofSeconds(60), 1L << 20, new RemoteCacheConfig.Health());
      RecordingLog log = new RecordingLog();

      machine("b", config, log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

      assertThat(warnings(log)).isEmpty();
      assertThat(runs).containsExactly("a-out");
      assertThat(dir.resolve("b-out/model.zip")).hasContent("A");
      String entry = "http://fashion-ae-cache.invalid:8080" + path("");
      assertThat(proxied).containsExactly("GET " + entry + "SHA256SUMS", "GET " + entry + "history.json",
          "GET " + entry + "model.zip");
    }
  }

  @Test
  void aStalledBodyTimesOutAndTheRemoteIsNotTriedAgainInThatBuild() throws Exception {
    pushedByAnotherMachine("A");
    fault = exchange -> {
      if (!exchange.getRequestURI().getPath().endsWith("model.zip")) {
        return false;
      }
      exchange.sendResponseHeaders(200, 100);
      OutputStream body = exchange.getResponseBody();
      body.write(new byte[10]);
      body.flush();
      sleep(3000);
      return true;
    };
    RecordingLog log = new RecordingLog();
    CachedSteps b = machine("b", config(server.url("/cache"), false, false, Map.of(), Duration.ofMillis(500)), log);
    b.run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));
    int requests = server.requests().size();
    b.run(List.of(new CachedSteps.Step("cd".repeat(32), "classifier", StageRunner.TRAINING,
        dir.resolve("b-two"), List.of("model.zip", "history.json"), List.of("model.zip"), entry -> Optional.empty())),
        CachedSteps.Mode.REUSE, training("B2"));

    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN")).hasSize(1).first().asString()
        .startsWith("WARN Remote cache " + server.url(path("model.zip")) + ": stalled: no data for 500 ms")
        .contains("the remote cache is not tried again in this build");
    assertThat(server.requests()).hasSize(requests);
    assertThat(runs).contains("b-out", "b-two");
    assertThat(leftovers("b")).isEmpty();
  }

  @Test
  void aTruncatedOrCorruptDownloadIsNeverUsedNorLeftBehind() throws Exception {
    pushedByAnotherMachine("A");
    fault = exchange -> {
      if (!exchange.getRequestURI().getPath().endsWith("model.zip")) {
        return false;
      }
      exchange.sendResponseHeaders(200, 1000);
      exchange.getResponseBody().write("A".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().close();
      return true;
    };
    RecordingLog truncated = new RecordingLog();
    machine("b", config(false), truncated).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    fault = exchange -> false;
    stored.put(path("model.zip"), "tampered".getBytes(StandardCharsets.UTF_8));
    RecordingLog corrupt = new RecordingLog();
    machine("c", config(false), corrupt).run(List.of(step("c-out")), CachedSteps.Mode.REUSE, training("C"));

    assertThat(truncated.lines).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
        .startsWith("WARN Remote cache " + server.url(path("model.zip")) + ": ");
    assertThat(corrupt.lines).filteredOn(l -> l.startsWith("WARN")).containsExactly("WARN autoencoder "
        + FINGERPRINT.substring(0, 12) + ": the remote cache entry " + server.url(path("")) + " is corrupt (model.zip: "
        + "expected SHA-256 " + sha256("A") + ", found "
        + sha256("tampered") + "); it is not used");
    assertThat(runs).contains("b-out", "c-out");
    assertThat(dir.resolve("b-out/model.zip")).hasContent("B");
    assertThat(dir.resolve("c-out/model.zip")).hasContent("C");
    assertThat(leftovers("b")).isEmpty();
    assertThat(leftovers("c")).isEmpty();
  }

  @Test
  void anEntryWithoutItsChecksumsIsAMiss() throws Exception {
    pushedByAnotherMachine("A");
    stored.remove(path("SHA256SUMS"));
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertThat(runs).containsExactly("a-out", "b-out");
    assertThat(log.lines).noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void aRefusedPushIsAWarningAndLeavesNoChecksumsBehind() throws Exception {
    fault = exchange -> {
      if (!exchange.getRequestMethod().equals("PUT")) {
        return false;
      }
      exchange.getRequestBody().readAllBytes();
      LoopbackServer.respond(exchange, 413, new byte[0]);
      return true;
    };
    RecordingLog log = new RecordingLog();

    List<CachedSteps.Outcome> outcomes = machine("a", config(true), log).run(List.of(step("a-out")),
        CachedSteps.Mode.REUSE, training("A"));

    assertThat(outcomes.get(0).computed()).isTrue();
    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN")).containsExactly("WARN Remote cache "
        + server.url(path("history.json")) + ": the push was refused with HTTP 413; the remote entry stays "
        + "incomplete, which readers treat as absent");
    assertThat(stored).doesNotContainKey(path("SHA256SUMS"));
  }

  @Test
  void theFirstWriterWinsAndOtherBytesAreAReproducibilityFinding() throws Exception {
    pushedByAnotherMachine("A");
    Map<String, byte[]> before = Map.copyOf(stored);
    RecordingLog log = new RecordingLog();

    machine("b", config(true), log).run(List.of(step("b-out")), CachedSteps.Mode.REDO, training("B"));

    assertThat(stored).containsOnlyKeys(before.keySet());
    assertThat(stored.get(path("model.zip"))).isEqualTo("A".getBytes(StandardCharsets.UTF_8));
    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN")).containsExactly("WARN Reproducibility finding: the "
        + "remote cache " + server.url(path("")) + " holds other bytes for the same inputs (model.zip has SHA-256 "
        + sha256("A") + " there and " + sha256("B") + " here); the remote entry is kept (the first writer wins)");
  }

  @Test
  void aRequiredRemoteFailsBeforeAnyTrainingOnAMiss() throws Exception {
    CachedSteps gather = machine("b", config(server.url("/cache"), false, true, Map.of(), Duration.ofSeconds(5)),
        new RecordingLog());

    assertThatThrownBy(() -> gather.run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B")))
        .isInstanceOf(RemoteMissException.class)
        .hasMessageContaining("autoencoder " + FINGERPRINT.substring(0, 12) + " (" + server.url(path("")) + ")")
        .satisfies(e -> assertThat(((RemoteMissException) e).advice("the option")).endsWith(". the option is true, "
            + "so this build does not train it. Run the build that trains and pushes them (its shard) first, or drop "
            + "the option to train here."));
    assertThat(runs).isEmpty();
  }

  @Test
  void aRefusedConnectionIsOneWarningAndTheStepTrains() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    RecordingLog log = new RecordingLog();

    machine("b", config(URI.create("http://127.0.0.1:" + closed + "/cache"), true, false, Map.of(),
        Duration.ofSeconds(2)), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertThat(runs).containsExactly("b-out");
    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
        .startsWith("WARN Remote cache http://127.0.0.1:" + closed + "/cache/v1/stages/" + FINGERPRINT
            + "/SHA256SUMS: connection failed: ConnectException: connection refused")
        .endsWith("; the remote cache is not tried again in this build; the step is done here instead");
  }

  @Test
  void aLocalHitIsOfferedToARemoteThatLacksIt() throws Exception {
    machine("a", config(false), new RecordingLog()).run(List.of(step("a-out")), CachedSteps.Mode.REUSE,
        training("A"));
    assertThat(stored).isEmpty();

    machine("a", config(true), new RecordingLog()).run(List.of(step("a-again")), CachedSteps.Mode.REUSE,
        training("A2"));

    assertThat(runs).containsExactly("a-out");
    assertThat(stored).containsKeys(path("model.zip"), path("history.json"), path("SHA256SUMS"));
  }

  @Test
  void verifyReproducibleRetrainsAgainstARemoteEntry() throws Exception {
    pushedByAnotherMachine("A");
    RecordingLog same = new RecordingLog();
    machine("b", config(false), same).run(List.of(step("b-out")), CachedSteps.Mode.VERIFY, training("A"));

    assertThat(runs).containsExactly("a-out", "b-out");
    assertThat(same.lines).anyMatch(l -> l.startsWith("autoencoder " + FINGERPRINT.substring(0, 12)
        + ": reproducible, the retrained model equals the cached one (SHA-256 of model.zip " + sha256("A")));
    assertThatThrownBy(() -> machine("c", config(false), new RecordingLog()).run(List.of(step("c-out")),
        CachedSteps.Mode.VERIFY, training("other")))
        .isInstanceOf(io.github.fashionae.store.ReproducibilityException.class)
        .hasMessageContaining("the cached model.zip has SHA-256 " + sha256("A") + ", the retrained model.zip "
            + sha256("other"));
  }

}
