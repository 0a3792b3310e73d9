package io.github.fashionae.engine;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Runs an evaluation's minibatches on a network and on copies of it, each on its own thread, where a stage that
 * trains alone has cores of its own to spare: after every epoch the trainer evaluates its network on every
 * training and validation example, forward passes only, which is about a quarter of an autoencoder epoch. Worker
 * {@code w} of {@code n} takes minibatches {@code w, w + n, ...}; the calling thread is worker 0 with the network
 * itself, the others get copies of its parameters, taken anew for every evaluation. Each minibatch's result is
 * handed back by its index, for the caller to fold in order: the sums are the serial ones, bit for bit (a
 * network's output for a minibatch does not depend on the thread or the copy that computes it; tested).
 *
 * <p>Every worker runs at the engine JVM's OpenMP thread count, which its first JVM start fixed: with one thread
 * per stage, a second worker uses a second core.
 */
final class EvaluationWorkers implements AutoCloseable {

  /** One minibatch's part of an evaluation. */
  @FunctionalInterface
  interface Batch<T> {
    T evaluate(MultiLayerNetwork network, int batch);
  }

  private final int workers;
  private ExecutorService pool;
  private final List<MultiLayerNetwork> copies = new ArrayList<>();

  /** {@code workers} threads in all, the caller's included; 1: everything on the calling thread. */
  EvaluationWorkers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("evaluation workers: expected at least 1, found " + workers);
    }
    this.workers = workers;
  }

  /** The results of {@code batches} minibatches of {@code network}, by index. */
  <T> List<T> run(MultiLayerNetwork network, int batches, Batch<T> batch) {
    int used = Math.min(workers, batches);
    List<T> results = new ArrayList<>(batches);
    for (int i = 0; i < batches; i++) {
      results.add(null);
    }
    List<Future<?>> others = new ArrayList<>();
    for (int w = 1; w < used; w++) {
      MultiLayerNetwork copy = copy(network, w - 1);
      int first = w;
      others.add(pool().submit(() -> stride(copy, first, used, batches, batch, results)));
    }
    stride(network, 0, used, batches, batch, results);
    for (Future<?> other : others) {
      await(other);
    }
    return results;
  }

  private static <T> void stride(MultiLayerNetwork network, int first, int step, int batches, Batch<T> batch,
                                 List<T> results) {
    for (int b = first; b < batches; b += step) {
      T result = batch.evaluate(network, b);
      synchronized (results) {
        results.set(b, result);
      }
    }
  }

  /** Copy {@code index} of {@code network}, holding its current parameters. */
  private MultiLayerNetwork copy(MultiLayerNetwork network, int index) {
    if (index == copies.size()) {
      copies.add(network.clone());
    } else {
      copies.get(index).setParams(network.params());
    }
    return copies.get(index);
  }

  private ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(workers - 1, runnable -> {
        Thread thread = new Thread(runnable, "fashion-ae-evaluation");
        thread.setDaemon(true);
        return thread;
      });
    }
    return pool;
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while evaluating"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("an evaluation worker failed", e.getCause());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}
