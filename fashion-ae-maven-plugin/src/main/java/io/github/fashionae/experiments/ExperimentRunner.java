package io.github.fashionae.experiments;

import io.github.fashionae.cache.StageCache;
import io.github.fashionae.cache.StageInputs;
import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.ForkedJvm;
import io.github.fashionae.training.ForkedTraining;
import io.github.fashionae.training.ReproducibilityException;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.TrainerMain;
import io.github.fashionae.training.TrainingException;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
   * @param autoencoder the autoencoder's job (its output directory is the experiment's {@code autoencoder} folder)
   * @param classifierSettings the classifiers' settings
   * @param modes the classifiers to train on its encoder
   */
  public record Job(Experiment experiment, TrainingJob autoencoder, TrainingSettings classifierSettings,
                    Set<ClassifierMode> modes) {
  }

  /**
   * What one experiment produced.
   *
   * @param experiment the experiment
   * @param stages each stage's result, the autoencoder first
   */
  public record Outcome(Experiment experiment, List<StageRunner.Result> stages) {
  }

  private final StageCache cache;
  private final ForkedJvm.Fork fork;
  private final BuildLog log;
  private final int parallel;

  public ExperimentRunner(StageCache cache, ForkedJvm.Fork fork, BuildLog log, int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel: expected at least 1, found " + parallel);
    }
    this.cache = cache;
    this.fork = fork;
    this.log = log;
    this.parallel = parallel;
  }

  /**
   * Runs every job, at most {@code parallel} at once, and returns their outcomes in the jobs' order. After a
   * failure no further experiment starts; those running finish (their checkpoints stay in the cache).
   */
  public List<Outcome> run(List<Job> jobs, StageRunner.Options options)
      throws TrainingException, IOException, ReproducibilityException {
    java.util.Set<String> cached = new java.util.HashSet<>();
    for (Job job : jobs) {
      String fingerprint = StageInputs.fingerprint(StageInputs.of(job.autoencoder()));
      if (java.nio.file.Files.isDirectory(cache.entry(fingerprint))) {
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
            return runOne(job, options, progress);
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
          throw new java.io.InterruptedIOException("interrupted while running experiments");
        }
      }
      if (first instanceof TrainingException e) {
        throw e;
      } else if (first instanceof ReproducibilityException e) {
        throw e;
      } else if (first instanceof IOException e) {
        throw e;
      } else if (first instanceof RuntimeException e) {
        throw e;
      } else if (first != null) {
        throw new IllegalStateException(first);
      }
      progress.finished();
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome runOne(Job job, StageRunner.Options options, ExperimentProgress progress)
      throws IOException, TrainingException, ReproducibilityException {
    String name = job.experiment().name();
    progress.started(name);
    StageRunner runner = new StageRunner(cache, new ForkedTraining(fork, log, progress::epochFinished), log);
    List<StageRunner.Result> results = new ArrayList<>();
    StageRunner.Result autoencoder = runner.run(job.autoencoder(), options);
    results.add(autoencoder);
    progress.stageDone(name, autoencoder.trained());
    Path experimentDirectory = Path.of(job.autoencoder().outputDirectory()).getParent();
    Path encoder = Path.of(job.autoencoder().outputDirectory()).resolve(TrainerMain.MODEL_FILE);
    String encoderSha256 = Sha256.ofFile(encoder);
    for (ClassifierMode mode : job.modes()) {
      TrainingJob a = job.autoencoder();
      String stage = "classifier-" + mode.label();
      TrainingJob classifier = new TrainingJob(stage, TrainingJob.Kind.CLASSIFIER, a.dataset(), null, mode,
          encoder.toString(), encoderSha256, job.classifierSettings(), a.data(), a.threads(), a.engine(),
          experimentDirectory.resolve(stage).toString(), a.archiveTime(), null, 0, name);
      StageRunner.Result result = runner.run(classifier, options);
      results.add(result);
      progress.stageDone(name, result.trained());
    }
    progress.done(name);
    return new Outcome(job.experiment(), results);
  }
}
