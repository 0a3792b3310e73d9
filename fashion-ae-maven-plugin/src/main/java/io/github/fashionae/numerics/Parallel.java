package io.github.fashionae.numerics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads the portable numerics share out their work on. Work is only ever cut where no result depends on the
 * cut: each output element is computed whole by one thread (the rows or the columns of a matrix product, the images
 * of a batch), never a sum split between threads. So the thread count changes the time, not a bit.
 *
 * <p>The count is {@code -Dfashionae.numerics.threads}, else {@code OMP_NUM_THREADS} (which the plugin sets for
 * the engine JVM it forks from its {@code threads} parameter), else the available processors. One thread runs
 * everything on the caller's thread.
 */
public final class Parallel {

  private static final int THREADS = configured();
  private static final ExecutorService POOL = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, task -> {
    Thread thread = new Thread(task, "fashion-ae-numerics");
    thread.setDaemon(true);
    return thread;
  }) : null;
  private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> false);

  private Parallel() {
  }

  private static int configured() {
    String property = System.getProperty("fashionae.numerics.threads");
    String value = property != null ? property : System.getenv("OMP_NUM_THREADS");
    try {
      if (value != null && Integer.parseInt(value.trim()) > 0) {
        return Integer.parseInt(value.trim());
      }
    } catch (NumberFormatException e) {
      // the available processors, as when nothing is set
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** How many threads share the work (at least 1). */
  public static int threads() {
    return THREADS;
  }

  /**
   * How many parts a piece of work of {@code operations} multiply-adds is worth cutting into: one below about a
   * million (where handing over costs more than it saves), else the thread count.
   */
  public static int parts(long operations) {
    return operations < 1 << 20 ? 1 : THREADS;
  }

  /**
   * Runs {@code part.accept(i)} for {@code i = 0 … parts - 1}, each on some thread (part 0 on the caller's), and
   * returns when all are done. Called from one of the pool's own threads, it runs them all there, in order.
   *
   * @throws RuntimeException the first failure of a part, as thrown (or wrapped, if checked)
   */
  public static void run(int parts, IntConsumer part) {
    if (parts <= 1 || POOL == null || IN_POOL.get()) {
      for (int i = 0; i < parts; i++) {
        part.accept(i);
      }
      return;
    }
    Future<?>[] futures = new Future<?>[parts - 1];
    for (int i = 1; i < parts; i++) {
      int index = i;
      futures[i - 1] = POOL.submit(() -> {
        IN_POOL.set(true);
        try {
          part.accept(index);
        } finally {
          IN_POOL.set(false);
        }
      });
    }
    RuntimeException failure = null;
    try {
      part.accept(0);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new IllegalStateException("interrupted while waiting for a part", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        failure = failure != null ? failure : cause instanceof RuntimeException runtime ? runtime
            : new IllegalStateException(cause);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The start of part {@code part} of {@code parts} when {@code [0, length)} is cut into ranges whose starts are
   * multiples of {@code align} (the last part takes the rest).
   */
  public static int start(int part, int parts, int length, int align) {
    if (part >= parts) {
      return length;
    }
    long units = (length + align - 1) / align;
    return (int) Math.min(length, units * part / parts * align);
  }
}
