package io.github.fashionae.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.testing.Await;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one cached-step mechanism, with work that only writes files: hits, one run for all misses, failures. */
class CachedStepsTest {

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();
  private final List<List<String>> runs = new ArrayList<>();

  private CachedSteps.Step step(String fingerprint, String folder, List<String> files) {
    return new CachedSteps.Step(fingerprint.repeat(64), folder, StageRunner.TRAINING, dir.resolve(folder),
        files, List.of(files.get(0)), entry -> Optional.empty());
  }

  private CachedSteps.Work<RuntimeException> writing(String content) {
    return misses -> {
      List<String> names = new ArrayList<>();
      for (CachedSteps.Miss miss : misses) {
        Files.createDirectories(miss.step().output());
        Files.writeString(miss.step().output().resolve("model.zip"), content);
        names.add(miss.step().name());
      }
      runs.add(names);
    };
  }

  @Test
  void theWorkRunsOnceForAllMissesAndNotForHits() throws Exception {
    CachedSteps steps = new CachedSteps(new StageCache(dir.resolve("cache"), log), log);
    steps.run(List.of(step("a", "one", List.of("model.zip"))), CachedSteps.Mode.REUSE, writing("1"));

    List<CachedSteps.Outcome> outcomes = steps.run(List.of(step("a", "again", List.of("model.zip")),
        step("b", "two", List.of("model.zip")), step("c", "three", List.of("model.zip"))), CachedSteps.Mode.REUSE,
        writing("2"));

    assertThat(runs).containsExactly(List.of("one"), List.of("two", "three"));
    assertThat(outcomes).extracting(CachedSteps.Outcome::computed).containsExactly(false, true, true);
    assertThat(dir.resolve("again/model.zip")).hasContent("1");
    assertThat(log.lines).anyMatch(l -> l.startsWith("again aaaaaaaaaaaa: up to date (from the cache "));
  }

  @Test
  void aFailedStoreSaysTheWorkSucceededAndWhereItsFilesAreAndLeavesNoPartialEntry() throws Exception {
    CachedSteps steps = new CachedSteps(new StageCache(dir.resolve("cache"), log), log);
    // the work writes model.zip but not history.json: storing the entry fails half-way, as a full disk would
    CachedSteps.Step step = step("d", "stage", List.of("model.zip", "history.json"));

    assertThatThrownBy(() -> steps.run(List.of(step), CachedSteps.Mode.REUSE, writing("3")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("stage dddddddddddd: trained, but storing it in the cache " + dir.resolve("cache/stages")
            + " failed (")
        .hasMessageEndingWith("); its files are in " + dir.resolve("stage") + ", and the next build does the work "
            + "again");
    assertThat(dir.resolve("stage/model.zip")).hasContent("3");
    try (Stream<Path> left = Files.list(dir.resolve("cache/stages"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".partial-"))
          .noneMatch(name -> name.equals("d".repeat(64)));
    }
  }

  @Test
  void aStepWaitingForItsLockSaysWhatItIsWaitingFor() throws Exception {
    StageCache cache = new StageCache(dir.resolve("cache"), log);
    CachedSteps.Step evaluation = new CachedSteps.Step("e".repeat(64), "autoencoder", new CachedSteps.Activity(
        "evaluating", "evaluation up to date", "evaluation", "repeated", "evaluated", false),
        dir.resolve("stage"), List.of("model.zip"), List.of("model.zip"), entry -> Optional.empty());
    CacheLock held = cache.lock(evaluation.fingerprint(), "someone else's work");
    Thread waiting = new Thread(() -> {
      try {
        new CachedSteps(cache, log).run(List.of(evaluation), CachedSteps.Mode.REUSE, writing("4"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    waiting.start();
    Await.until("the step to wait for its lock", Duration.ofSeconds(20),
        () -> log.lines.stream().anyMatch(l -> l.startsWith("Waiting for")));
    held.close();
    waiting.join(Duration.ofSeconds(20).toMillis());
    assertThat(waiting.isAlive()).as("the waiting step finished once the lock was released").isFalse();

    assertThat(log.lines).contains("Waiting for another build thread to finish evaluating autoencoder");
    assertThat(dir.resolve("stage/model.zip")).hasContent("4");
  }

  @Test
  void theSecondBuildWaitsThenTakesTheFirstOnesResultWithoutWorking() throws Exception {
    StageCache cache = new StageCache(dir.resolve("cache"), log);
    RecordingLog secondLog = new RecordingLog();
    CountDownLatch firstWorking = new CountDownLatch(1);
    CountDownLatch secondWaiting = new CountDownLatch(1);
    CachedSteps.Work<RuntimeException> slowWork = misses -> {
      firstWorking.countDown();
      try {
        assertThat(secondWaiting.await(20, TimeUnit.SECONDS)).as("the second build reached the lock").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writing("first").run(misses);
    };
    ExecutorService builds = Executors.newFixedThreadPool(2);
    try {
      Future<List<CachedSteps.Outcome>> first = builds.submit(() -> new CachedSteps(cache, log)
          .run(List.of(step("f", "first-out", List.of("model.zip"))), CachedSteps.Mode.REUSE, slowWork));
      assertThat(firstWorking.await(20, TimeUnit.SECONDS)).isTrue();
      Future<List<CachedSteps.Outcome>> second = builds.submit(() -> new CachedSteps(
          new StageCache(dir.resolve("cache"), secondLog), secondLog)
          .run(List.of(step("f", "second-out", List.of("model.zip"))), CachedSteps.Mode.REUSE, writing("second")));
      Await.until("the second build to wait for the first", Duration.ofSeconds(20),
          () -> secondLog.lines.stream().anyMatch(l -> l.startsWith("Waiting for")));
      secondWaiting.countDown();

      assertThat(first.get(20, TimeUnit.SECONDS).get(0).computed()).isTrue();
      assertThat(second.get(20, TimeUnit.SECONDS).get(0).computed()).isFalse();
    } finally {
      secondWaiting.countDown();
      builds.shutdownNow();
    }
    assertThat(runs).containsExactly(List.of("first-out"));
    assertThat(dir.resolve("second-out/model.zip")).hasContent("first");
    assertThat(secondLog.lines).containsExactly("Waiting for another build thread to finish training second-out",
        "second-out ffffffffffff: up to date (from the cache " + cache.entry("f".repeat(64)) + ")");
  }
}
