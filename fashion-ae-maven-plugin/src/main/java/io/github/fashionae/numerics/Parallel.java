package io.github.fashionae.numerics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads the portable numerics share out their work on. Work is only ever cut where no result depends on the
 * cut: each output element is computed whole by one thread (the rows or the columns of a matrix product, the images
 * of a batch), never a sum split between threads. So the thread count changes the time, not a bit.
 *
 * <p>The count is {@code -Dfashionae.numerics.threads}, else {@value #THREADS_VARIABLE} (which the plugin sets for
 * a portable engine JVM from its {@code threads} parameter), else {@code OMP_NUM_THREADS}, else the available
 * processors. One thread runs everything on the caller's thread.
 *
 * <p>The other threads are a {@link Team} that waits for work spinning, for a while, before it sleeps: a training
 * step hands out a piece every millisecond or two, and waking a sleeping thread on a virtual machine's idle core
 * took as long as the piece it was woken for.
 */
public final class Parallel {

  /**
   * Below this many multiply-adds a piece of work stays on one thread: measured on a 2-core VM (Intel Xeon, family 6
   * model 167), the other core spent longer fetching a layer's arrays from the first one's cache than it saved at a
   * million (the classifier's first convolution, its dense layers), and gained on its second convolution's three
   * passes (55 million each).
   */
  static final long MIN_PARALLEL = 1L << 24;
  /**
   * How long a thread of the team spins for its next piece, or for the others' parts, before it sleeps. Measured on
   * that VM (classifier, 300 steps, three alternating runs): 0.1 and 0.5 ms alike, 2 ms slower, and a team that
   * spun 20 ms slower than one thread (the other core's spinning slowed this one).
   */
  static final long SPIN_NANOS = 100_000L;
  /**
   * The environment variable that gives the portable numerics' thread count apart from OpenMP's: the plugin starts a
   * portable engine JVM with ND4J on one OpenMP thread and its own threads here ({@code EngineTask}).
   */
  public static final String THREADS_VARIABLE = "FASHIONAE_NUMERICS_THREADS";

  private static final int THREADS = configured();
  private static final Team TEAM = new Team(THREADS, SPIN_NANOS);
  private static final ThreadLocal<Boolean> IN_TEAM = ThreadLocal.withInitial(() -> false);

  private Parallel() {
  }

  private static int configured() {
    String property = System.getProperty("fashionae.numerics.threads");
    String value = property != null ? property : System.getenv(THREADS_VARIABLE);
    if (value == null) {
      value = System.getenv("OMP_NUM_THREADS");
    }
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
   * How many parts a piece of work of {@code operations} multiply-adds is worth cutting into: one below {@link
   * #MIN_PARALLEL} (where handing over costs more than it saves), else the thread count.
   */
  public static int parts(long operations) {
    return operations < MIN_PARALLEL ? 1 : THREADS;
  }

  /**
   * Runs {@code part.accept(i)} for {@code i = 0 … parts - 1}, each on some thread (part 0 on the caller's), and
   * returns when all are done. Called from one of the team's own threads, or while another caller has the team, it
   * runs them all on the calling thread, in order.
   *
   * @throws RuntimeException the first failure of a part, as thrown (or wrapped, if checked)
   */
  public static void run(int parts, IntConsumer part) {
    TEAM.run(parts, part);
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

  /**
   * The caller and {@code threads - 1} daemon threads, one caller at a time: parts {@code w, w + threads, …} go to
   * thread w, the caller being thread 0. Between pieces a thread spins for {@code spinNanos} before it sleeps; the
   * caller spins as long for the others' parts before it sleeps until the last one is done.
   */
  static final class Team {

    private final Worker[] workers;
    private final long spinNanos;
    private final AtomicBoolean busy = new AtomicBoolean();

    Team(int threads, long spinNanos) {
      this.spinNanos = spinNanos;
      this.workers = new Worker[Math.max(0, threads - 1)];
      for (int i = 0; i < workers.length; i++) {
        workers[i] = new Worker(this);
        workers[i].start();
      }
    }

    /** As {@link Parallel#run}, on this team. */
    void run(int parts, IntConsumer part) {
      if (parts <= 1 || workers.length == 0 || IN_TEAM.get() || !busy.compareAndSet(false, true)) {
        for (int i = 0; i < parts; i++) {
          part.accept(i);
        }
        return;
      }
      try {
        int threads = Math.min(parts, workers.length + 1);
        for (int w = 1; w < threads; w++) {
          workers[w - 1].post(part, w, threads, parts);
        }
        RuntimeException failure = null;
        try {
          for (int i = 0; i < parts; i += threads) {
            part.accept(i);
          }
        } catch (RuntimeException e) {
          failure = e;
        }
        for (int w = 1; w < threads; w++) {
          Throwable thrown = workers[w - 1].await();
          if (thrown instanceof Error error) {
            throw error;
          }
          if (thrown != null && failure == null) {
            failure = thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
          }
        }
        if (failure != null) {
          throw failure;
        }
      } finally {
        busy.set(false);
      }
    }
  }

  /** One thread of a {@link Team}: takes a piece (a body and its parts), runs it, says it is done. */
  private static final class Worker extends Thread {

    private final Team team;
    private IntConsumer body;
    private int first;
    private int step;
    private int parts;
    private Throwable failure;
    /** How many pieces were posted, and how many are done: a piece is posted by a write of posted, last. */
    private volatile long posted;
    private volatile long done;
    /** Set while this worker sleeps for a piece: the caller that posts one wakes it. */
    private volatile boolean sleeping;
    /** The caller, while it sleeps for this worker's part: the worker wakes it when the part is done. */
    private volatile Thread waiter;

    Worker(Team team) {
      super("fashion-ae-numerics");
      this.team = team;
      setDaemon(true);
    }

    void post(IntConsumer body, int first, int step, int parts) {
      this.body = body;
      this.first = first;
      this.step = step;
      this.parts = parts;
      this.failure = null;
      posted = posted + 1;
      if (sleeping) {
        LockSupport.unpark(this);
      }
    }

    /** Waits for the piece posted last; its failure, if any. */
    Throwable await() {
      long piece = posted;
      long since = System.nanoTime();
      while (done != piece) {
        if (System.nanoTime() - since < team.spinNanos) {
          Thread.onSpinWait();
        } else {
          waiter = Thread.currentThread();
          if (done != piece) {
            LockSupport.park(this);
          }
          waiter = null;
        }
      }
      return failure;
    }

    @Override
    public void run() {
      IN_TEAM.set(true);
      long seen = 0;
      while (true) {
        long since = System.nanoTime();
        while (posted == seen) {
          if (System.nanoTime() - since < team.spinNanos) {
            Thread.onSpinWait();
          } else {
            sleeping = true;
            if (posted == seen) {
              LockSupport.park(this);
            }
            sleeping = false;
          }
        }
        seen = posted;
        try {
          for (int i = first; i < parts; i += step) {
            body.accept(i);
          }
        } catch (Throwable t) {
          failure = t;
        }
        body = null;
        done = seen;
        Thread caller = waiter;
        if (caller != null) {
          LockSupport.unpark(caller);
        }
      }
    }
  }
}
