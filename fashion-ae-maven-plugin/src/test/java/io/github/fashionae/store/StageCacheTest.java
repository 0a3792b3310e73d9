package io.github.fashionae.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.testing.Await;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCacheTest {

  private static final String FINGERPRINT = "f".repeat(64);

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();
  private final List<String> warnings = log.lines;

  private StageCache storedEntry() throws Exception {
    Path source = Files.createDirectories(dir.resolve("out"));
    Files.writeString(source.resolve("model.zip"), "model bytes");
    Files.writeString(source.resolve("history.json"), "{}");
    StageCache cache = new StageCache(dir.resolve("cache"), log);
    cache.store(FINGERPRINT, source, List.of("model.zip", "history.json"));
    return cache;
  }

  @Test
  void storesAndFindsAVerifiedEntry() throws Exception {
    StageCache cache = storedEntry();

    Path entry = cache.lookup(FINGERPRINT).orElseThrow();

    assertThat(entry.resolve(StageCache.CHECKSUMS)).content().contains("  history.json\n").contains("  model.zip\n");
    StageCache.copyOut(entry, dir.resolve("copy"));
    assertThat(dir.resolve("copy/model.zip")).hasContent("model bytes");
    assertThat(dir.resolve("copy/" + StageCache.CHECKSUMS)).doesNotExist();
    assertThat(cache.lookup("0".repeat(64))).isEmpty();
    try (Stream<Path> entries = Files.list(dir.resolve("cache/stages"))) {
      assertThat(entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())).containsExactly(FINGERPRINT);
    }
  }

  @Test
  void aTamperedEntryIsReportedDiscardedAndNeverUsed() throws Exception {
    StageCache cache = storedEntry();
    Files.writeString(cache.entry(FINGERPRINT).resolve("model.zip"), "model bytez");

    assertThat(cache.lookup(FINGERPRINT)).isEmpty();

    assertThat(warnings).singleElement().asString().startsWith("WARN ").contains("is corrupt (model.zip: expected SHA-256 ")
        .contains(", found " + io.github.fashionae.util.Sha256.hex("model bytez".getBytes()))
        .endsWith("; it is discarded and rebuilt");
    assertThat(cache.entry(FINGERPRINT)).doesNotExist();
  }

  @Test
  void aTruncatedOrIncompleteEntryIsDiscarded() throws Exception {
    StageCache cache = storedEntry();
    Files.delete(cache.entry(FINGERPRINT).resolve("history.json"));
    assertThat(cache.lookup(FINGERPRINT)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("(history.json is missing)");

    cache = storedEntry();
    Files.delete(cache.entry(FINGERPRINT).resolve(StageCache.CHECKSUMS));
    assertThat(cache.lookup(FINGERPRINT)).isEmpty();
    assertThat(warnings.get(1)).contains("(no SHA256SUMS)");
  }

  @Test
  void twoBuildsOfOneStageTakeTurns() throws Exception {
    RecordingLog waits = new RecordingLog();
    StageCache cache = new StageCache(dir.resolve("cache"), log);
    StageCache other = new StageCache(dir.resolve("cache"), waits);
    CompletableFuture<Void> second;
    AtomicBoolean firstHeld = new AtomicBoolean(true);
    AtomicBoolean overlapped = new AtomicBoolean();
    try (CacheLock first = cache.lock(FINGERPRINT, "autoencoder")) {
      second = CompletableFuture.runAsync(() -> {
        try (CacheLock lock = other.lock(FINGERPRINT, "training autoencoder")) {
          overlapped.set(firstHeld.get());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // the second says it waits just before it blocks: it has reached the held lock
      Await.until("the second build to wait for the lock", Duration.ofSeconds(10), () -> !waits.lines.isEmpty());
      assertThat(waits.lines).containsExactly("Waiting for another build thread to finish training autoencoder");
      assertThat(second).isNotDone();
      firstHeld.set(false);
    }
    second.get(10, TimeUnit.SECONDS);
    assertThat(overlapped).as("the second held the lock while the first did").isFalse();
  }
}
