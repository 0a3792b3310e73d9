package io.github.fashionae.experiments;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
  private final Optional<Shard> shard;

  public ExperimentRunner(StageTrainer trainer, BuildLog log, int parallel) {
    this(trainer, log, parallel, Optional.empty());
  }

  /**
   * A runner that, with a {@code shard}, trains only that shard's experiments (the job at index {@code i} has
   * position {@code i + 1}, after the baseline's 0) and takes the others from the caches when they hold them.
   */
  public ExperimentRunner(StageTrainer trainer, BuildLog log, int parallel, Optional<Shard> shard) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel: expected at least 1, found " + parallel);
    }
    this.trainer = trainer;
    this.log = log;
    this.parallel = parallel;
    this.shard = shard;
  }

  /** True when this runner trains the study's entry {@code job}. */
  private boolean owns(Study.Entry job) {
    return shard.map(s -> s.owns(job.position())).orElse(true);
  }

  /**
   * An experiment of another shard: its stages from the caches, as far as they hold them (a classifier only after
   * its autoencoder); the rest is left for its shard, neither trained nor failed.
   */
  private Outcome provideOnly(Study.Entry job) throws IOException {
    String name = job.experiment().name();
    Overrides.Resolved resolved = job.resolved();
    List<StageRunner.Result> results = new ArrayList<>();
    Path autoencoderDirectory = job.directory().resolve(AutoencoderStage.NAME);
    Optional<StageRunner.Result> autoencoder = trainer.provideAutoencoder(autoencoderDirectory,
        resolved.autoencoder(), resolved.autoencoderSettings());
    autoencoder.ifPresent(results::add);
    int wanted = 1 + resolved.modes().size();
    if (autoencoder.isPresent()) {
      for (ClassifierMode mode : resolved.modes()) {
        trainer.provideClassifier(job.directory().resolve(ClassifierStage.name(mode)),
            autoencoderDirectory.resolve(StageFiles.MODEL), mode, resolved.classifierSettings()).ifPresent(results::add);
      }
    }
    String owner = shard.orElseThrow().ownerOf(job.position());
    log.info("Experiment " + name + ": shard " + owner + "'s; " + (results.size() == wanted
        ? "all its stages are in the caches" : results.size() + " of its " + wanted + " stages in the caches, the "
        + "rest left for shard " + owner));
    return new Outcome(job.experiment(), results);
  }

  /**
   * Runs every job, at most {@code parallel} at once, and returns their outcomes in the jobs' order. After a
   * failure no further experiment starts; those running finish (their checkpoints stay in the cache).
   */
  public List<Outcome> run(List<Study.Entry> allJobs)
      throws ForkException, IOException, ReproducibilityException {
    Outcome[] provided = new Outcome[allJobs.size()];
    List<Study.Entry> jobs = new ArrayList<>();
    for (int i = 0; i < allJobs.size(); i++) {
      if (owns(allJobs.get(i))) {
        jobs.add(allJobs.get(i));
      } else {
        provided[i] = provideOnly(allJobs.get(i));
      }
    }
    if (shard.isPresent()) {
      log.info("Shard " + shard.get() + ": trains " + jobs.size() + " of " + allJobs.size() + " experiments");
    }
    Set<String> cached = new HashSet<>();
    for (Study.Entry job : jobs) {
      if (trainer.locate(trainer.autoencoderStage(job.resolved().autoencoder(), job.resolved().autoencoderSettings()))
          .where() != StageCache.Where.MISSING) {
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
      for (Study.Entry job : jobs) {
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
      List<Outcome> all = new ArrayList<>();
      int next = 0;
      for (Outcome outcome : provided) {
        all.add(outcome != null ? outcome : outcomes.get(next++));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome runOne(Study.Entry job, ExperimentProgress progress)
      throws IOException, ForkException, ReproducibilityException {
    String name = job.experiment().name();
    Overrides.Resolved resolved = job.resolved();
    progress.started(name);
    StageTrainer stages = trainer.withEpochListener(record -> progress.epochFinished(name, record))
        .sharingCoresWith(parallel);
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
