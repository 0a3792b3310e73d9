package io.github.fashionae.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.testing.Await;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.util.BuildLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLockTest {

  @TempDir
  Path dir;

  /** Holds the lock named by args[0] until its standard input closes; a stand-in for a second build. */
  public static void main(String[] args) throws Exception {
    try (CacheLock lock = CacheLock.acquire(Path.of(args[0]), "holding", BuildLog.SILENT)) {
      System.out.println("locked");
      System.out.flush();
      System.in.read();
    }
  }

  @Test
  void waitsForALockHeldByAnotherProcess() throws Exception {
    Path lockFile = dir.resolve("entry.lock");
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CacheLockTest.class.getName(), lockFile.toString())
        .redirectErrorStream(true).start();
    RecordingLog log = new RecordingLog();
    List<String> lines = log.lines;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      CompletableFuture<Void> acquired = CompletableFuture.runAsync(() -> {
        try (CacheLock lock = CacheLock.acquire(lockFile, "fetching entry", log)) {
          lines.add("acquired");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // the waiter says it waits just before it blocks on the other process's lock: synchronise on that line
      Await.until("the waiter to reach the other process's lock", Duration.ofSeconds(20), () -> !lines.isEmpty());
      assertThat(lines).containsExactly("Waiting for another build to finish fetching entry (lock " + lockFile + ")");
      assertThat(acquired).isNotDone();

      other.getOutputStream().close(); // the other build finishes and releases the lock
      acquired.get(20, TimeUnit.SECONDS);
      assertThat(lines).endsWith("acquired");
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aLockCanBeTakenAgainOnceReleased() throws Exception {
    Path lockFile = dir.resolve("sub/entry.lock");
    try (CacheLock first = CacheLock.acquire(lockFile, "first", BuildLog.SILENT)) {
      assertThat(lockFile).exists();
    }
    try (CacheLock second = CacheLock.acquire(lockFile, "second", BuildLog.SILENT)) {
      assertThat(lockFile).exists();
    }
  }
}
