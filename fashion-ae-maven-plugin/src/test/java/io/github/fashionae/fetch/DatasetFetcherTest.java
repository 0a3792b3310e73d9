package io.github.fashionae.fetch;

import static io.github.fashionae.testing.LoopbackServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.dataset.VerifiedFile;
import io.github.fashionae.testing.Await;
import io.github.fashionae.testing.IdxFixtures;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {

  private final IdxFixtures.TinyDataset data = new IdxFixtures.TinyDataset();
  private final IdxFileSpec labels = data.spec.files().get(1);
  private final RecordingLog log = new RecordingLog();
  private final LoopbackServer server;

  @TempDir
  Path dir;

  DatasetFetcherTest() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Serves the tiny dataset's files, gzipped, under {@code path}. */
  private void serveDataset(String path) {
    server.handle(path, exchange -> {
      String name = exchange.getRequestURI().getPath().substring(path.length()).replace(".gz", "");
      respond(exchange, 200, IdxFixtures.gzip(data.payload(name)));
    });
  }

  private FetchRequest request(List<Path> localDirectories, List<URI> mirrors, boolean offline) {
    return new FetchRequest(data.spec, dir.resolve("cache"), localDirectories, mirrors, offline,
        Duration.ofSeconds(2), Duration.ofMillis(500), ProxySettings.NONE);
  }

  private FetchRequest mirrors(URI... mirrors) {
    return request(List.of(), List.of(mirrors), false);
  }

  private Path cached(IdxFileSpec file) {
    return dir.resolve("cache/datasets/tiny").resolve(file.gzipName());
  }

  @Test
  void downloadsVerifiesAndCachesEveryFile() throws Exception {
    serveDataset("/mirror/");

    List<VerifiedFile> files = new DatasetFetcher(mirrors(server.url("/mirror/")), log).fetchAll();

    assertThat(files).hasSize(4);
    for (VerifiedFile file : files) {
      assertThat(file.path()).isEqualTo(cached(file.spec())).isRegularFile();
    }
    assertThat(files.get(0).header().count()).isEqualTo(30);
    assertThat(server.requests()).hasSize(4);
    assertThat(log.lines).anyMatch(l -> l.contains("train-images-idx3-ubyte.gz: 100% (")
        && l.contains(" MB/s)"));
    assertThat(log.lines).anyMatch(l -> l.equals("train-labels-idx1-ubyte.gz: verified and cached from "
        + server.url("/mirror/train-labels-idx1-ubyte.gz")));
  }

  @Test
  void secondFetchUsesTheCacheWithoutNetwork() throws Exception {
    serveDataset("/mirror/");
    new DatasetFetcher(mirrors(server.url("/mirror/")), log).fetchAll();

    RecordingLog second = new RecordingLog();
    new DatasetFetcher(mirrors(server.url("/mirror/")), second).fetchAll();

    assertThat(server.requests()).hasSize(4);
    assertThat(second.lines).filteredOn(l -> l.contains("found in the cache")).hasSize(4);
  }

  @Test
  void triesTheNextMirrorAfterA404() throws Exception {
    server.handle("/missing/", exchange -> respond(exchange, 404, "no such file".getBytes()));
    serveDataset("/good/");

    VerifiedFile file = new DatasetFetcher(mirrors(server.url("/missing/"), server.url("/good/")), log).fetch(labels);

    assertThat(file.path()).isRegularFile();
    assertThat(log.lines).contains("WARN train-labels-idx1-ubyte.gz: "
        + server.url("/missing/train-labels-idx1-ubyte.gz") + " failed: HTTP 404");
  }

  @Test
  void reportsEveryMirrorWhenAllFail() {
    server.handle("/broken/", exchange -> respond(exchange, 500, "oops".getBytes()));
    server.handle("/missing/", exchange -> respond(exchange, 404, new byte[0]));
    FetchRequest request = mirrors(server.url("/broken/"), server.url("/missing/"));

    assertThatThrownBy(() -> new DatasetFetcher(request, log).fetch(labels))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("No source provided a verified copy of train-labels-idx1-ubyte.gz (expected a "
            + "decompressed payload of 38 bytes with SHA-256 " + labels.sha256() + ")")
        .hasMessageContaining("  - cache " + cached(labels) + ": not there")
        .hasMessageContaining("  - " + server.url("/broken/train-labels-idx1-ubyte.gz") + ": HTTP 500")
        .hasMessageContaining("  - " + server.url("/missing/train-labels-idx1-ubyte.gz") + ": HTTP 404")
        .hasMessageContaining("apt-get install dataset-fashion-mnist");
    assertThat(cached(labels)).doesNotExist();
    assertThat(cached(labels).getParent()).isDirectoryNotContaining("glob:**.part");
  }

  @Test
  void aStalledDownloadHitsTheReadTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    byte[] gzip = IdxFixtures.gzip(data.payload(labels.name()));
    server.handle("/stall/", exchange -> {
      exchange.sendResponseHeaders(200, gzip.length);
      OutputStream out = exchange.getResponseBody();
      out.write(gzip, 0, 10);
      out.flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    serveDataset("/good/");
    long start = System.nanoTime();

    try {
      VerifiedFile file = new DatasetFetcher(mirrors(server.url("/stall/"), server.url("/good/")), log).fetch(labels);
      assertThat(file.path()).isRegularFile();
    } finally {
      release.countDown();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(log.lines).contains("WARN train-labels-idx1-ubyte.gz: " + server.url("/stall/train-labels-idx1-ubyte.gz")
        + " failed: stalled: no data for 500 ms after 10 bytes");
  }

  @Test
  void aServerThatNeverAnswersHitsTheResponseTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.handle("/silent/", exchange -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    FetchRequest request = mirrors(server.url("/silent/"));

    try {
      assertThatThrownBy(() -> new DatasetFetcher(request, log).fetch(labels))
          .isInstanceOf(FetchException.class)
          .hasMessageContaining(server.url("/silent/train-labels-idx1-ubyte.gz") + ": no response within 500 ms");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aTruncatedBodyIsRejected() throws Exception {
    byte[] gzip = IdxFixtures.gzip(data.payload(labels.name()));
    server.handle("/short/", exchange -> {
      exchange.sendResponseHeaders(200, gzip.length + 100);
      OutputStream out = exchange.getResponseBody();
      out.write(gzip);
      out.flush();
      // Closing the exchange now, 100 bytes short of the announced length, drops the connection.
    });

    assertThatThrownBy(() -> new DatasetFetcher(mirrors(server.url("/short/")), log).fetch(labels))
        .isInstanceOf(FetchException.class)
        .hasMessageMatching("(?s).*" + Pattern.quote(server.url("/short/train-labels-idx1-ubyte.gz")
            + ": ") + "(connection failed after \\d+ of " + (gzip.length + 100) + " bytes|truncated body).*");
    assertThat(cached(labels)).doesNotExist();
  }

  @Test
  void aTruncatedGzipIsRejectedEvenWithoutContentLength() throws Exception {
    byte[] gzip = IdxFixtures.gzip(data.trainImages);
    server.handle("/chunked/", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(Arrays.copyOf(gzip, gzip.length / 2));
      }
    });
    IdxFileSpec images = data.spec.files().get(0);

    assertThatThrownBy(() -> new DatasetFetcher(mirrors(server.url("/chunked/")), log).fetch(images))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(server.url("/chunked/train-images-idx3-ubyte.gz") + ": rejected: "
            + "expected a complete gzip stream, found corrupt or truncated gzip data: ");
    assertThat(cached(images)).doesNotExist();
  }

  @Test
  void aPayloadWithTheWrongDigestIsNeverCached() throws Exception {
    byte[] other = IdxFixtures.labels(30);
    other[20] = 7;
    server.handle("/evil/", exchange -> respond(exchange, 200, IdxFixtures.gzip(other)));
    serveDataset("/good/");

    VerifiedFile file = new DatasetFetcher(mirrors(server.url("/evil/"), server.url("/good/")), log).fetch(labels);

    assertThat(log.lines).anyMatch(l -> l.startsWith("WARN train-labels-idx1-ubyte.gz: "
        + server.url("/evil/train-labels-idx1-ubyte.gz") + " rejected: SHA-256 of the decompressed payload "
        + "of train-labels-idx1-ubyte: expected " + labels.sha256() + ", found "));
    assertThat(Files.readAllBytes(file.path())).isEqualTo(IdxFixtures.gzip(data.trainLabels));
  }

  @Test
  void followsRedirects() throws Exception {
    server.handle("/moved/", exchange -> {
      exchange.getResponseHeaders().add("Location", "/good/" + labels.gzipName());
      respond(exchange, 302, new byte[0]);
    });
    serveDataset("/good/");

    VerifiedFile file = new DatasetFetcher(mirrors(server.url("/moved/")), log).fetch(labels);

    assertThat(file.path()).isRegularFile();
    assertThat(server.requests()).containsExactly("GET /moved/" + labels.gzipName(), "GET /good/" + labels.gzipName());
    assertThat(log.lines).contains("train-labels-idx1-ubyte.gz: redirected to "
        + server.url("/good/" + labels.gzipName()));
  }

  @Test
  void takesLocalFilesFirstAndSkipsABrokenOne() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve(labels.gzipName()), "not gzip at all");
    Path good = data.writeTo(dir.resolve("good"));
    serveDataset("/mirror/");
    FetchRequest request = request(List.of(dir.resolve("absent"), broken, good), List.of(server.url("/mirror/")), false);

    List<VerifiedFile> files = new DatasetFetcher(request, log).fetchAll();

    assertThat(files).allSatisfy(f -> assertThat(f.path()).isRegularFile());
    assertThat(server.requests()).isEmpty();
    assertThat(log.lines).anyMatch(l -> l.startsWith("WARN train-labels-idx1-ubyte.gz: local file "
        + broken.resolve(labels.gzipName()) + " rejected: not a gzip file"));
    assertThat(Files.readString(broken.resolve(labels.gzipName()))).isEqualTo("not gzip at all");
  }

  @Test
  void offlineNeverTouchesTheNetworkAndSaysHowToGetTheFile() {
    serveDataset("/mirror/");
    FetchRequest request = request(List.of(dir.resolve("nothing-here")), List.of(server.url("/mirror/")), true);

    assertThatThrownBy(() -> new DatasetFetcher(request, log).fetch(labels))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("Maven is offline (-o), so no mirror was tried, and no verified copy of "
            + "train-labels-idx1-ubyte.gz was found")
        .hasMessageContaining("local directory " + dir.resolve("nothing-here") + ": no train-labels-idx1-ubyte.gz")
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("-Dfashionae.localDirectories=DIR");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void offlineUsesTheCache() throws Exception {
    serveDataset("/mirror/");
    new DatasetFetcher(mirrors(server.url("/mirror/")), log).fetchAll();

    List<VerifiedFile> files = new DatasetFetcher(request(List.of(), List.of(server.url("/mirror/")), true), log)
        .fetchAll();

    assertThat(files).hasSize(4);
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void aCorruptCacheEntryIsDiscardedAndFetchedAgain() throws Exception {
    serveDataset("/mirror/");
    FetchRequest request = mirrors(server.url("/mirror/"));
    new DatasetFetcher(request, log).fetch(labels);
    byte[] gzip = Files.readAllBytes(cached(labels));
    Files.write(cached(labels), Arrays.copyOf(gzip, gzip.length - 5));

    VerifiedFile file = new DatasetFetcher(request, log).fetch(labels);

    assertThat(Files.readAllBytes(file.path())).isEqualTo(gzip);
    assertThat(log.lines).anyMatch(l -> l.startsWith("WARN train-labels-idx1-ubyte.gz: the cached copy is corrupt "
        + "and is discarded"));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void acceptsACacheDirectoryWrittenWithDotDotThroughAFolderThatDoesNotExist() throws Exception {
    serveDataset("/mirror/");
    FetchRequest request = new FetchRequest(data.spec, dir.resolve("not-yet/../cache"), List.of(),
        List.of(server.url("/mirror/")), false, Duration.ofSeconds(2), Duration.ofSeconds(2), ProxySettings.NONE);

    VerifiedFile file = new DatasetFetcher(request, log).fetch(labels);

    assertThat(file.path()).isEqualTo(cached(labels)).isRegularFile();
  }

  @Test
  void removesPartFilesThatAKilledBuildLeft() throws Exception {
    Path stale = Files.createDirectories(cached(labels).getParent()).resolve(labels.gzipName() + ".123.part");
    Files.writeString(stale, "half");
    serveDataset("/mirror/");

    new DatasetFetcher(mirrors(server.url("/mirror/")), log).fetch(labels);

    assertThat(stale).doesNotExist();
  }

  @Test
  void twoConcurrentFetchesIntoOneEmptyCacheLeaveOneVerifiedCopy() throws Exception {
    CountDownLatch bothAsked = new CountDownLatch(1);
    server.handle("/slow/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring("/slow/".length()).replace(".gz", "");
      try {
        bothAsked.await(); // hold the first download until the second fetch is waiting on the lock
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, IdxFixtures.gzip(data.payload(name)));
    });
    FetchRequest request = mirrors(server.url("/slow/"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<RecordingLog> logs = List.of(new RecordingLog(), new RecordingLog());
    try {
      List<Callable<List<VerifiedFile>>> fetches = new ArrayList<>();
      for (RecordingLog each : logs) {
        fetches.add(() -> new DatasetFetcher(request, each).fetchAll());
      }
      List<Future<List<VerifiedFile>>> results = new ArrayList<>();
      for (Callable<List<VerifiedFile>> fetch : fetches) {
        results.add(pool.submit(fetch));
      }
      Await.until("one fetch to wait for the other's lock", Duration.ofSeconds(20), () -> logs.stream()
          .anyMatch(l -> l.lines.stream().anyMatch(x -> x.contains("Waiting for another build"))));
      bothAsked.countDown();
      for (Future<List<VerifiedFile>> result : results) {
        assertThat(result.get()).hasSize(4);
      }
    } finally {
      bothAsked.countDown();
      pool.shutdownNow();
    }

    assertThat(server.requests()).hasSize(4);
    try (Stream<Path> entries = Files.list(cached(labels).getParent())) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted())
          .containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
              "train-labels-idx1-ubyte.gz");
    }
    assertThat(logs).anyMatch(l -> l.lines.stream().anyMatch(x -> x.contains("Waiting for another build")));
  }

  @Test
  void reachesMirrorsThroughTheSettingsProxy() throws Exception {
    // A plain HTTP proxy receives the absolute URL; this one serves the file itself.
    server.handle("/", exchange -> {
      String name = exchange.getRequestURI().getPath().replace("/dataset/", "").replace(".gz", "");
      respond(exchange, 200, IdxFixtures.gzip(data.payload(name)));
    });
    ProxySettings proxy = new ProxySettings(List.of(
        new ProxySettings.Proxy("http", "127.0.0.1", server.port(), null, null, "localhost")));
    FetchRequest request = new FetchRequest(data.spec, dir.resolve("cache"), List.of(),
        List.of(URI.create("http://mirror.example.invalid/dataset/")), false, Duration.ofSeconds(2),
        Duration.ofSeconds(2), proxy);

    VerifiedFile file = new DatasetFetcher(request, log).fetch(labels);

    assertThat(file.path()).isRegularFile();
    assertThat(server.requests()).containsExactly(
        "GET http://mirror.example.invalid/dataset/" + labels.gzipName());
  }
}
