package io.github.fashionae.experiments;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs experiments concurrently, each in its own forked training JVMs: an experiment's autoencoder, then the
 * classifiers on its encoder. At most {@code parallel} experiments run at once; each JVM keeps its job's own
 * thread count, so results are the same bit for bit whatever the parallelism. Every stage goes through the
 * stage cache, so an experiment whose inputs equal another's (or the baseline's) trains once.
 */
public final class ExperimentRunner {

  /**
   * One experiment, ready to run.
   *
   * @param experiment its name and overrides
   * @param resolved its inputs: the baseline with its overrides applied
   * @param directory its folder, {@code experiments/<name>/}, holding one folder per stage
   */
  public record Job(Experiment experiment, Overrides.Resolved resolved, Path directory) {
  }

  /**
   * What one experiment produced.
   *
   * @param experiment the experiment
   * @param stages each stage's result, the autoencoder first
   */
  public record Outcome(Experiment experiment, List<StageRunner.Result> stages) {
  }

  private final StageTrainer trainer;
  private final BuildLog log;
  private final int parallel;

  public ExperimentRunner(StageTrainer trainer, BuildLog log, int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel: expected at least 1, found " + parallel);
    }
    this.trainer = trainer;
    this.log = log;
    this.parallel = parallel;
  }

  /**
   * Runs every job, at most {@code parallel} at once, and returns their outcomes in the jobs' order. After a
   * failure no further experiment starts; those running finish (their checkpoints stay in the cache).
   */
  public List<Outcome> run(List<Job> jobs)
      throws ForkException, IOException, ReproducibilityException {
    Set<String> cached = new HashSet<>();
    for (Job job : jobs) {
      String fingerprint = AutoencoderStage.of(job.resolved().autoencoder(), job.resolved().autoencoderSettings(),
          trainer.build()).fingerprint();
      if (Files.isDirectory(trainer.cache().entry(fingerprint))) {
        cached.add(job.experiment().name());
      }
    }
    ExperimentProgress progress = new ExperimentProgress(jobs, cached, parallel, log);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, jobs.size())), runnable -> {
      Thread thread = new Thread(runnable, "fashion-ae-experiment");
      thread.setDaemon(true);
      return thread;
    });
    AtomicBoolean failed = new AtomicBoolean();
    List<Future<Outcome>> futures = new ArrayList<>();
    try {
      for (Job job : jobs) {
        futures.add(pool.submit(() -> {
          if (failed.get()) {
            progress.skipped(job.experiment().name());
            return null;
          }
          try {
            return runOne(job, progress);
          } catch (Exception e) {
            failed.set(true);
            progress.failed(job.experiment().name());
            throw e;
          }
        }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      Exception first = null;
      for (Future<Outcome> future : futures) {
        try {
          outcomes.add(future.get());
        } catch (ExecutionException e) {
          if (first == null && e.getCause() instanceof Exception cause) {
            first = cause;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while running experiments");
        }
      }
      StageTrainer.rethrow(first);
      progress.finished();
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome runOne(Job job, ExperimentProgress progress)
      throws IOException, ForkException, ReproducibilityException {
    String name = job.experiment().name();
    Overrides.Resolved resolved = job.resolved();
    progress.started(name);
    StageTrainer stages = trainer.withEpochListener(record -> progress.epochFinished(name, record));
    List<StageRunner.Result> results = new ArrayList<>();
    Path autoencoderDirectory = job.directory().resolve(AutoencoderStage.NAME);
    StageRunner.Result autoencoder = stages.autoencoder(autoencoderDirectory, resolved.autoencoder(),
        resolved.autoencoderSettings());
    results.add(autoencoder);
    progress.stageDone(name, autoencoder.trained());
    for (ClassifierMode mode : resolved.modes()) {
      StageRunner.Result result = stages.classifier(job.directory().resolve(ClassifierStage.name(mode)),
          autoencoderDirectory.resolve(StageFiles.MODEL), mode, resolved.classifierSettings());
      results.add(result);
      progress.stageDone(name, result.trained());
    }
    progress.done(name);
    return new Outcome(job.experiment(), results);
  }
}
