package io.github.fashionae.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.RemoteCache;
import io.github.fashionae.store.RemoteMissException;
import io.github.fashionae.testing.Http10Store;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The remote cache against a server that attacks it (issue 22): redirects to another origin, bytes that are not a
 * {@code SHA256SUMS}, bodies without end, a trickle, entries that name other files, a server that closes its
 * connections or stores nothing. Each case asserts the one warning, that the stage trained, that nothing beyond the
 * limits reached the disk, and that the request ended in bounded time (the class's timeout fails a hang).
 */
@Timeout(60)
class HostileRemoteCacheTest extends RemoteCacheFixture {

  /** The entry's files in a test: as {@link #step(String)} declares them. */
  private static final Set<String> FILES = Set.of("model.zip", "history.json");

  HostileRemoteCacheTest() throws IOException {
  }

  private String sums(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** Serves {@code body} for {@code file}, with {@code headers}, and lets the store answer everything else. */
  private void serving(String file, byte[] body, Map<String, String> headers) {
    fault = exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path(file))) {
        return false;
      }
      headers.forEach(exchange.getResponseHeaders()::add);
      LoopbackServer.respond(exchange, 200, body);
      return true;
    };
  }

  /** Streams zeros for {@code file} without a Content-Length until the client goes away (or 2 GiB), counting. */
  private AtomicLong endless(String file) {
    AtomicLong sent = new AtomicLong();
    fault = exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path(file))) {
        return false;
      }
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[1 << 16];
      try (OutputStream out = exchange.getResponseBody()) {
        while (sent.get() < 2L << 30) {
          out.write(chunk);
          sent.addAndGet(chunk.length);
        }
      } catch (IOException e) {
        // the client stopped reading and closed: what the test wants
      }
      return true;
    };
    return sent;
  }

  private void assertTrainedWith(RecordingLog log, String output, String warning) throws IOException {
    assertThat(runs).contains(output);
    assertThat(dir.resolve(output).resolve("model.zip")).hasContent("B");
    assertThat(warnings(log)).containsExactly(warning);
    assertThat(leftovers("b")).isEmpty();
  }

  @Test
  void aRedirectToAnotherOriginIsNotFollowedSoNoCredentialReachesIt() throws Exception {
    pushedByAnotherMachine("A");
    int before = server.requests().size();
    try (LoopbackServer elsewhere = new LoopbackServer().handle("/", exchange ->
        LoopbackServer.respond(exchange, 200, "x".getBytes(StandardCharsets.UTF_8)))) {
      fault = exchange -> {
        exchange.getResponseHeaders().add("Location", elsewhere.url(exchange.getRequestURI().getPath()).toString());
        exchange.getRequestBody().readAllBytes();
        LoopbackServer.respond(exchange, exchange.getRequestMethod().equals("PUT") ? 307 : 302, new byte[0]);
        return true;
      };
      Map<String, String> credentials = Map.of("Authorization", TOKEN, "X-Cache-Token", "t0k3n");
      RecordingLog log = new RecordingLog();
      RemoteCacheConfig reader = config(server.url("/cache"), false, false, credentials, Duration.ofSeconds(5));
      machine("b", reader, log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));
      RecordingLog pushLog = new RecordingLog();
      RemoteCacheConfig pusher = config(server.url("/cache"), true, false, credentials, Duration.ofSeconds(5));
      machine("c", pusher, pushLog).run(List.of(step("c-out")), CachedSteps.Mode.REDO, training("B"));

      assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": HTTP 302 redirects "
          + "to " + elsewhere.url(path("SHA256SUMS")) + ", another origin than http://127.0.0.1:" + server.port()
          + ": not followed, so that the credentials and headers of the remote cache go nowhere else; the remote "
          + "cache is not tried again in this build; the step is done here instead");
      assertThat(warnings(pushLog)).singleElement().asString().startsWith("WARN Remote cache "
          + server.url(path("SHA256SUMS")) + ": HTTP 302 redirects to " + elsewhere.url(path("SHA256SUMS")));
      // the other origin got nothing at all: no Authorization, no configured header, no request
      assertThat(elsewhere.requests()).isEmpty();
      // one request each: after a redirect elsewhere, the remote is not tried again in that build
      assertThat(server.requests()).hasSize(before + 2);
    }
  }

  @Test
  void aPutRedirectedWith307ToAnotherOriginSendsNothingThere() throws Exception {
    try (LoopbackServer elsewhere = new LoopbackServer().handle("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      LoopbackServer.respond(exchange, 201, new byte[0]);
    })) {
      fault = exchange -> {
        if (!exchange.getRequestMethod().equals("PUT")) {
          return false;
        }
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Location", elsewhere.url(exchange.getRequestURI().getPath()).toString());
        LoopbackServer.respond(exchange, 307, new byte[0]);
        return true;
      };
      RecordingLog log = new RecordingLog();
      machine("a", config(server.url("/cache"), true, false, Map.of("Authorization", TOKEN), Duration.ofSeconds(5)),
          log).run(List.of(step("a-out")), CachedSteps.Mode.REUSE, training("A"));

      assertThat(elsewhere.requests()).isEmpty();
      assertThat(warnings(log)).containsExactly("WARN Remote cache " + server.url(path("history.json")) + ": the push "
          + "failed: HTTP 307 redirects to " + elsewhere.url(path("history.json")) + ", another origin than "
          + "http://127.0.0.1:" + server.port() + ": not followed, so that the credentials and headers of the remote "
          + "cache go nowhere else; the remote cache is not tried again in this build; the remote entry stays "
          + "incomplete, which readers treat as absent");
      assertThat(stored).doesNotContainKey(path("SHA256SUMS"));
    }
  }

  @Test
  void aRedirectWithinTheOriginIsFollowedAndSaidWithBothUrls() throws Exception {
    pushedByAnotherMachine("A");
    fault = exchange -> {
      String at = exchange.getRequestURI().getPath();
      if (!at.startsWith("/cache/moved/")) {
        exchange.getResponseHeaders().add("Location", at.replace("/cache/", "/cache/moved/"));
        LoopbackServer.respond(exchange, 301, new byte[0]);
        return true;
      }
      byte[] body = stored.get(at.replace("/cache/moved/", "/cache/"));
      if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        LoopbackServer.respond(exchange, 401, new byte[0]);
      } else {
        LoopbackServer.respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
      }
      return true;
    };
    RecordingLog log = new RecordingLog();

    machine("b", config(server.url("/cache"), false, false, Map.of("Authorization", TOKEN), Duration.ofSeconds(5)),
        log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertThat(runs).containsExactly("a-out");
    assertThat(dir.resolve("b-out/model.zip")).hasContent("A");
    assertThat(warnings(log)).hasSize(3).first().isEqualTo("WARN Remote cache " + server.url(path("SHA256SUMS"))
        + ": redirected with HTTP 301 to " + server.url("/cache/moved/v1/stages/" + FINGERPRINT + "/SHA256SUMS")
        + " (same origin, followed)");
  }

  @Test
  void checksumsInAnEncodingNotAskedForAreAWarningAndTheStageTrains() throws Exception {
    pushedByAnotherMachine("A");
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(stored.get(path("SHA256SUMS")));
    }
    serving("SHA256SUMS", gzipped.toByteArray(), Map.of("Content-Encoding", "gzip"));
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": served with "
        + "Content-Encoding gzip, which was not asked for (Accept-Encoding: identity); the step is done here instead");
  }

  @Test
  void checksumsThatAreNotAsciiAreAWarningAndTheStageTrains() throws Exception {
    pushedByAnotherMachine("A");
    byte[] sums = stored.get(path("SHA256SUMS")).clone();
    sums[70] = (byte) 0xff;
    serving("SHA256SUMS", sums, Map.of());
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": SHA256SUMS: "
        + "expected ASCII 'SHA-256  name' lines, found the byte 0xFF at offset 70; the step is done here instead");
  }

  @Test
  void checksumsCutAfterTheirFirstLineAreNotTaken() throws Exception {
    pushedByAnotherMachine("A");
    String first = new String(stored.get(path("SHA256SUMS")), StandardCharsets.US_ASCII).lines().findFirst()
        .orElseThrow();
    serving("SHA256SUMS", (first + "\n").getBytes(StandardCharsets.US_ASCII), Map.of());
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": SHA256SUMS lacks "
        + "model.zip, which this stage's entries hold: the entry is not taken; the step is done here instead");
    assertThat(server.requests()).filteredOn(r -> r.startsWith("GET")).last().isEqualTo("GET " + path("SHA256SUMS"));
  }

  @Test
  void filesTheEntryDoesNotHoldAreNeitherFetchedNorAdopted() throws Exception {
    pushedByAnotherMachine("A");
    String sums = new String(stored.get(path("SHA256SUMS")), StandardCharsets.US_ASCII);
    stored.put(path("run.sh"), "rm -rf ~".getBytes(StandardCharsets.UTF_8));
    serving("SHA256SUMS", (sums + sha256("rm -rf ~") + "  run.sh\n").getBytes(StandardCharsets.US_ASCII), Map.of());
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": SHA256SUMS names "
        + "run.sh, which is not this stage's (history.json, model.zip): the entry is not taken; the step is done here "
        + "instead");
    assertThat(server.requests()).doesNotContain("GET " + path("run.sh"));
    assertThat(dir.resolve("b-out/run.sh")).doesNotExist();
  }

  @Test
  void thousandsOfNamesAreRefusedByTheChecksumsBoundWithOneRequest() throws Exception {
    StringBuilder sums = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sums.append(sha256("x" + i)).append("  file-").append(i).append('\n');
    }
    serving("SHA256SUMS", sums.toString().getBytes(StandardCharsets.US_ASCII), Map.of());
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", String.format(java.util.Locale.ROOT, "WARN Remote cache %s: Content-Length "
        + "announces %,d bytes, more than the limit of 16,384; the step is done here instead",
        server.url(path("SHA256SUMS")), sums.length()));
    assertThat(server.requests()).containsExactly("GET " + path("SHA256SUMS"));
  }

  @Test
  void aHugeChecksumsFileIsRefusedAtItsBoundWithoutFillingTheHeap() throws Exception {
    AtomicLong sent = endless("SHA256SUMS");
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    System.gc();
    long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    RecordingLog log = new RecordingLog();

    machine("b", config(false), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("SHA256SUMS")) + ": the body is longer "
        + "than the limit of 16,384 bytes (stopped there, nothing beyond it written); the step is done here instead");
    // the server could push what the socket buffers hold, not the 400 MB the old client read into its heap
    assertThat(sent.get()).isLessThan(64L << 20);
    assertThat(peak - before).as("heap growth while refusing an endless SHA256SUMS").isLessThan(128L << 20);
  }

  @Test
  void anEndlessModelIsCutAtTheFileLimitAndNothingBeyondItIsWritten() throws Exception {
    pushedByAnotherMachine("A");
    AtomicLong sent = endless("model.zip");
    RecordingLog log = new RecordingLog();
    long limit = 1L << 20;

    machine("b", config(server.url("/cache"), false, false, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(60),
        limit), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN Remote cache " + server.url(path("model.zip")) + ": the body is longer "
        + "than the limit of 1,048,576 bytes (stopped there, nothing beyond it written) "
        + "(fashionae.remoteCache.maxFileMegabytes); the step is done here instead");
    assertThat(sent.get()).isLessThan(64L << 20);
  }

  @Test
  void aTrickleEndsAtTheDeadlineThoughItNeverFallsSilent() throws Exception {
    pushedByAnotherMachine("A");
    fault = exchange -> {
      if (!exchange.getRequestURI().getPath().endsWith("model.zip")) {
        return false;
      }
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 600; i++) {
          out.write('x');
          out.flush();
          sleep(100);
        }
      } catch (IOException e) {
        // the client gave up: what the test wants
      }
      return true;
    };
    RecordingLog log = new RecordingLog();
    long start = System.nanoTime();

    machine("b", config(server.url("/cache"), false, false, Map.of(), Duration.ofMillis(1000), Duration.ofSeconds(2),
        1L << 20), log).run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(runs).contains("b-out");
    assertThat(warnings(log)).singleElement().asString().startsWith("WARN Remote cache " + server.url(path("model.zip"))
        + ": not complete after 2 s in all (").endsWith(" bytes received) (fashionae.remoteCache.deadlineSeconds); "
        + "the remote cache is not tried again in this build; the step is done here instead");
    assertThat(took).isLessThan(Duration.ofSeconds(20));
    assertThat(leftovers("b")).isEmpty();
  }

  @Test
  void aPushToAnHttp10ServerThatClosesEveryConnectionCompletesAndIsReadBack() throws Exception {
    try (Http10Store store = new Http10Store()) {
      RecordingLog log = new RecordingLog();
      machine("a", config(store.url("/cache"), true, false, Map.of(), Duration.ofSeconds(5)), log)
          .run(List.of(step("a-out")), CachedSteps.Mode.REUSE, training("A"));
      RecordingLog reader = new RecordingLog();
      machine("b", config(store.url("/cache"), false, false, Map.of(), Duration.ofSeconds(5)), reader)
          .run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B"));

      assertThat(warnings(log)).isEmpty();
      assertThat(log.lines).contains("Pushed 2 files to the remote cache " + store.url(path("")) + " (read back)");
      assertThat(store.files()).containsOnlyKeys(path("model.zip"), path("history.json"), path("SHA256SUMS"));
      assertThat(runs).containsExactly("a-out");
      assertThat(dir.resolve("b-out/model.zip")).hasContent("A");
      assertThat(warnings(reader)).isEmpty();
    }
  }

  @Test
  void aServerThatAnswers201AndStoresNothingIsNotSaidPushed() throws Exception {
    fault = exchange -> {
      if (!exchange.getRequestMethod().equals("PUT")) {
        return false;
      }
      exchange.getRequestBody().readAllBytes();
      LoopbackServer.respond(exchange, 201, new byte[0]);
      return true;
    };
    RecordingLog log = new RecordingLog();

    machine("a", config(true), log).run(List.of(step("a-out")), CachedSteps.Mode.REUSE, training("A"));

    assertThat(log.lines).noneMatch(l -> l.startsWith("Pushed"));
    assertThat(warnings(log)).containsExactly("WARN Remote cache " + server.url(path("history.json")) + ": the server "
        + "took the PUT, but a HEAD of it answers HTTP 404: it stored nothing; the remote entry stays incomplete, "
        + "which readers treat as absent");
    assertThat(server.requests()).doesNotContain("PUT " + path("SHA256SUMS"));
  }

  @Test
  void aRequiredRemoteThatFailsIsNamedAsTheCauseNotAsAMiss() throws Exception {
    pushedByAnotherMachine("A");
    answeringEverything(500);
    RecordingLog log = new RecordingLog();
    CachedSteps gather = machine("b", config(server.url("/cache"), false, true, Map.of(), Duration.ofSeconds(5)),
        log);

    assertThatThrownBy(() -> gather.run(List.of(step("b-out")), CachedSteps.Mode.REUSE, training("B")))
        .isInstanceOf(RemoteMissException.class)
        .hasMessage("The remote cache failed for autoencoder " + FINGERPRINT.substring(0, 12) + " ("
            + server.url(path("SHA256SUMS")) + ": HTTP 500)")
        .satisfies(e -> assertThat(((RemoteMissException) e).advice("fashionae.remoteCache.required")).endsWith(
            ": HTTP 500). fashionae.remoteCache.required is true, so this build does not train it. Mend the remote "
            + "cache, or drop fashionae.remoteCache.required to train here."));
    assertThat(warnings(log)).containsExactly("WARN Remote cache " + server.url(path("SHA256SUMS")) + ": HTTP 500");
    assertThat(runs).containsExactly("a-out");
  }

  @Test
  void anEntryWhoseFilesCannotBeReadIsCorruptNotABuildFailure() throws Exception {
    pushedByAnotherMachine("A");
    RecordingLog log = new RecordingLog();
    CachedSteps.Step checked = new CachedSteps.Step(FINGERPRINT, "autoencoder", StageRunner.TRAINING,
        dir.resolve("b-out"), List.of("model.zip", "history.json"), List.of("model.zip"), entry -> {
          throw new IOException("Unexpected character ('A' (code 65)): expected a valid value\n at [Source: …]");
        });

    machine("b", config(false), log).run(List.of(checked), CachedSteps.Mode.REUSE, training("B"));

    assertTrainedWith(log, "b-out", "WARN autoencoder " + FINGERPRINT.substring(0, 12) + ": the remote cache entry "
        + server.url(path("")) + " is corrupt (its files cannot be read as this stage's: IOException: Unexpected "
        + "character ('A' (code 65)): expected a valid value); it is not used");
  }

  @Test
  void aFailureOfThisMachinesFilesIsNotTakenForTheRemotes() throws Exception {
    pushedByAnotherMachine("A");
    RemoteCacheConfig config = config(false);
    HttpRemoteCache remote = new HttpRemoteCache(config, new RecordingLog());
    Path gone = dir.resolve("no-such-folder");

    assertThatThrownBy(() -> remote.fetch(FINGERPRINT, gone, FILES)).isInstanceOf(NoSuchFileException.class);
    assertThat(config.health().failure()).isNull();
    Path into = Files.createDirectories(dir.resolve("into"));
    assertThat(remote.fetch(FINGERPRINT, into, FILES)).isEqualTo(RemoteCache.Fetch.HIT);
    try (Stream<Path> files = Files.list(into)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("SHA256SUMS", "model.zip",
          "history.json");
    }
  }

  @Test
  void checksumsOfAnotherFormAreRefusedLineByLine() {
    String digest = sha256("x");
    assertThat(problem(digest + "  model.zip\n")).isEmpty();
    assertThat(problem(digest + "  model.zip")).isEmpty();
    assertThat(problem("")).contains("SHA256SUMS is empty");
    assertThat(problem(digest + "  model.zip\n\n")).contains("SHA256SUMS: expected "
        + "'SHA-256  name' lines, found ''");
    assertThat(problem(digest + "  model.zip\r\n")).contains("SHA256SUMS: expected "
        + "ASCII 'SHA-256  name' lines, found the byte 0x0D at offset 75");
    assertThat(problem(digest + "  ../model.zip\n")).contains("SHA256SUMS: expected "
        + "'SHA-256  name' lines, found '" + digest + "  ../model.zip'");
    assertThat(problem(digest + "  " + "m".repeat(101) + "\n")).isPresent();
    assertThat(problem(digest.toUpperCase(java.util.Locale.ROOT) + "  model.zip\n"))
        .isPresent();
    assertThat(problem(digest + "  SHA256SUMS\n")).isPresent();
    assertThat(problem(digest + "  a\n" + digest + "  a\n"))
        .contains("SHA256SUMS names a twice");
  }

  @Test
  void theRemoteSkippedAfterAFailureIsNamedWhenItIsRequired() throws Exception {
    pushedByAnotherMachine("A");
    RemoteCacheConfig config = config(server.url("/cache"), false, true, Map.of(), Duration.ofSeconds(5));
    HttpRemoteCache remote = new HttpRemoteCache(config, new RecordingLog());
    server.close();
    Path into = Files.createDirectories(dir.resolve("into"));
    RemoteCache.Fetch first = remote.fetch(FINGERPRINT, into, FILES);
    RemoteCache.Fetch second = remote.fetch(FINGERPRINT, Files.createDirectories(dir.resolve("again")), FILES);

    assertThat(first.kind()).isEqualTo(RemoteCache.Fetch.Kind.UNAVAILABLE);
    assertThat(first.fault()).startsWith(server.url(path("SHA256SUMS")) + ": connection failed: ");
    assertThat(second.kind()).isEqualTo(RemoteCache.Fetch.Kind.UNAVAILABLE);
    assertThat(second.fault()).startsWith("not tried again after an earlier failure in this build ("
        + server.url(path("SHA256SUMS")) + ": connection failed: ");
  }

  private static Optional<String> problem(String text) {
    try {
      HttpRemoteCache.parseChecksums(text.getBytes(StandardCharsets.ISO_8859_1));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }
}
