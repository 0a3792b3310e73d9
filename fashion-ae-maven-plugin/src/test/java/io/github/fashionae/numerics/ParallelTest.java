package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.testing.JavaMain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel}'s team of threads (the test JVM runs the engine on one thread, so each test makes its own). */
class ParallelTest {

  private static final long SPIN = 1_000_000L;

  @Test
  void everyPartRunsOnceAndTheWorkIsShared() {
    Parallel.Team team = new Parallel.Team(3, SPIN);
    for (int round = 0; round < 200; round++) {
      AtomicIntegerArray runs = new AtomicIntegerArray(7);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      team.run(7, i -> {
        runs.incrementAndGet(i);
        threads.add(Thread.currentThread().getName());
        busy(20_000);
      });
      for (int i = 0; i < 7; i++) {
        assertThat(runs.get(i)).as("part %d in round %d", i, round).isEqualTo(1);
      }
      assertThat(threads).contains(Thread.currentThread().getName(), "fashion-ae-numerics");
    }
  }

  @Test
  void aWorkersResultsAreSeenByTheCaller() {
    Parallel.Team team = new Parallel.Team(2, SPIN);
    float[] values = new float[1 << 16];
    for (int round = 1; round <= 100; round++) {
      float value = round;
      team.run(2, part -> {
        for (int i = Parallel.start(part, 2, values.length, 16); i < Parallel.start(part + 1, 2, values.length, 16);
             i++) {
          values[i] = value;
        }
      });
      for (float v : values) {
        assertThat(v).isEqualTo(value);
      }
    }
  }

  @Test
  void aSleepingTeamWakesForTheNextPiece() throws Exception {
    Parallel.Team team = new Parallel.Team(2, SPIN);
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    team.run(2, i -> {
      if (i == 1) {
        workers.add(Thread.currentThread());
      }
    });
    Thread worker = workers.iterator().next();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (worker.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(worker.getState()).as("the worker after its spin").isEqualTo(Thread.State.WAITING);
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    team.run(2, runs::incrementAndGet);
    assertThat(runs.get(0)).isEqualTo(1);
    assertThat(runs.get(1)).isEqualTo(1);
  }

  @Test
  void aCallerThatWaitsLongerThanItsSpinSleepsAndIsWoken() {
    Parallel.Team team = new Parallel.Team(2, 1_000L);
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    team.run(2, i -> {
      if (i == 1) {
        sleep(50);
      }
      runs.incrementAndGet(i);
    });
    assertThat(runs.get(1)).isEqualTo(1);
  }

  @Test
  void aPartsFailureReachesTheCallerAndTheTeamGoesOn() {
    Parallel.Team team = new Parallel.Team(2, SPIN);
    IllegalArgumentException thrown = new IllegalArgumentException("part 1");
    assertThatThrownBy(() -> team.run(2, i -> {
      if (i == 1) {
        throw thrown;
      }
    })).isSameAs(thrown);
    AssertionError error = new AssertionError("an error in part 1");
    assertThatThrownBy(() -> team.run(2, i -> {
      if (i == 1) {
        throw error;
      }
    })).isSameAs(error);
    IllegalStateException own = new IllegalStateException("part 0");
    assertThatThrownBy(() -> team.run(2, i -> {
      throw i == 0 ? own : new IllegalArgumentException("part 1");
    })).as("the caller's own part's failure first").isSameAs(own);
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    team.run(2, runs::incrementAndGet);
    assertThat(runs.get(1)).isEqualTo(1);
  }

  @Test
  void nestedAndConcurrentCallsRunOnTheirOwnThread() throws Exception {
    Parallel.Team team = new Parallel.Team(2, SPIN);
    AtomicIntegerArray inner = new AtomicIntegerArray(4);
    team.run(2, outer -> {
      String thread = Thread.currentThread().getName();
      team.run(2, i -> {
        assertThat(Thread.currentThread().getName()).isEqualTo(thread);
        inner.incrementAndGet(outer * 2 + i);
      });
    });
    for (int i = 0; i < 4; i++) {
      assertThat(inner.get(i)).isEqualTo(1);
    }

    int callers = 3;
    int rounds = 300;
    AtomicIntegerArray runs = new AtomicIntegerArray(callers * 2);
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[callers];
    Throwable[] failures = new Throwable[callers];
    for (int c = 0; c < callers; c++) {
      int caller = c;
      threads[c] = new Thread(() -> {
        try {
          start.await();
          for (int r = 0; r < rounds; r++) {
            team.run(2, i -> runs.incrementAndGet(caller * 2 + i));
          }
        } catch (Throwable t) {
          failures[caller] = t;
        }
      });
      threads[c].start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(failures).containsOnlyNulls();
    for (int i = 0; i < callers * 2; i++) {
      assertThat(runs.get(i)).isEqualTo(rounds);
    }
  }

  @Test
  void theThreadCountComesFromItsOwnVariableBeforeOpenMps() throws Exception {
    assertThat(JavaMain.run(ThreadCount.class, List.of(), Map.of(Parallel.THREADS_VARIABLE, "3", "OMP_NUM_THREADS",
        "1"), 60)).contains("threads 3");
    assertThat(JavaMain.run(ThreadCount.class, List.of(), Map.of("OMP_NUM_THREADS", "2"), 60))
        .contains("threads 2");
    assertThat(JavaMain.run(ThreadCount.class, List.of("-Dfashionae.numerics.threads=4"),
        Map.of(Parallel.THREADS_VARIABLE, "3"), 60)).contains("threads 4");
  }

  /** Prints {@link Parallel#threads()}: run in a fresh JVM, whose environment decides it. */
  public static final class ThreadCount {
    public static void main(String[] args) {
      System.out.println("threads " + Parallel.threads());
    }
  }

  @Test
  void smallWorkStaysOnOneThread() {
    assertThat(Parallel.parts(Parallel.MIN_PARALLEL - 1)).isEqualTo(1);
    assertThat(Parallel.parts(Parallel.MIN_PARALLEL)).isEqualTo(Parallel.threads());
  }

  private static void busy(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
