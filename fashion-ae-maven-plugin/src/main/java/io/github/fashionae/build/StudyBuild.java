package io.github.fashionae.build;

import io.github.fashionae.dataset.VerifiedFile;
import io.github.fashionae.evaluation.EvaluateRequest;
import io.github.fashionae.evaluation.Evaluations;
import io.github.fashionae.evaluation.GateFailedException;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.experiments.BuildPlan;
import io.github.fashionae.experiments.ExperimentRunner;
import io.github.fashionae.experiments.Experiments;
import io.github.fashionae.experiments.ExperimentsRequest;
import io.github.fashionae.fetch.DatasetFetcher;
import io.github.fashionae.fetch.FetchException;
import io.github.fashionae.fetch.FetchRequest;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.release.ReleaseRebuild;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.report.ReportRequest;
import io.github.fashionae.report.Reports;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.BaselineTraining;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.TrainingRequest;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One build of the study, as its goals ask for it: one method per goal family, each taking an immutable request
 * (validated by the goal before any work) and returning what the goal attaches or reports. A build makes one
 * (Maven: the {@code BuildSession} of the Maven session), so that what one goal learns (the remote cache is down, a line
 * was said) the next one knows, and nothing outlives the build. Thread-safe: goals of a parallel build share it.
 */
public final class StudyBuild {

  private final Set<String> said = ConcurrentHashMap.newKeySet();

  private final RemoteCacheConfig.Health remoteHealth = new RemoteCacheConfig.Health();

  /**
   * The autoencoder of the baseline.
   *
   * @param training the data, engine and caches
   * @param shard this machine's share of the build, when it is spread over several
   * @param directory the stage's folder
   * @param shape the network's shape
   * @param settings its training settings
   */
  public record AutoencoderRequest(TrainingRequest training, Optional<Shard> shard, Path directory,
                                   AutoencoderSpec shape, TrainingSettings settings) {
  }

  /**
   * The classifiers of the baseline.
   *
   * @param training the data, engine and caches
   * @param shard this machine's share of the build, when it is spread over several
   * @param directories each mode's stage folder, in order
   * @param encoderModel the autoencoder whose encoder they start from
   * @param settings their training settings
   */
  public record ClassifiersRequest(TrainingRequest training, Optional<Shard> shard,
                                   Map<ClassifierMode, Path> directories, Path encoderModel,
                                   TrainingSettings settings) {
    public ClassifiersRequest {
      directories = Collections.unmodifiableMap(new LinkedHashMap<>(directories));
    }
  }

  /**
   * The plan of a build spread over machines.
   *
   * @param experiments the study's experiments and the training inputs
   * @param baselineModes the baseline's classifiers
   * @param shards how many machines
   * @param file where {@code plan.json} goes
   */
  public record PlanRequest(ExperimentsRequest experiments, Set<ClassifierMode> baselineModes, int shards,
                            Path file) {
    public PlanRequest {
      baselineModes = Collections.unmodifiableSet(new LinkedHashSet<>(baselineModes));
    }
  }

  /** True the first time {@code line} (a line, or a key standing for one) is asked about in this build. */
  public boolean firstTime(String line) {
    return said.add(line);
  }

  /** The remote cache's health in this build: a remote down for one goal is down for all. */
  public RemoteCacheConfig.Health remoteHealth() {
    return remoteHealth;
  }

  /** fetch-dataset: the verified files, and their manifest written to {@code manifest}. */
  public List<VerifiedFile> fetch(FetchRequest request, Path manifest, BuildLog log)
      throws IOException, FetchException {
    return DatasetFetcher.fetch(request, manifest, log);
  }

  /** train-autoencoder: the stage folders that hold its models now (none when left for another shard). */
  public List<Path> autoencoder(AutoencoderRequest request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    return BaselineTraining.autoencoder(request.training(), request.shard(), request.directory(), request.shape(),
        request.settings(), log);
  }

  /** train-classifier: the stage folders that hold their models now, in order. */
  public List<Path> classifiers(ClassifiersRequest request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    return BaselineTraining.classifiers(request.training(), request.shard(), request.directories(),
        request.encoderModel(), request.settings(), log);
  }

  /** experiments: each experiment's outcome, in the plan's order. */
  public List<ExperimentRunner.Outcome> experiments(ExperimentsRequest request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    return Experiments.run(request, log);
  }

  /** plan: every stage of the build, its shard and where it is; written to the request's file. */
  public List<BuildPlan.Stage> plan(PlanRequest request, BuildLog log) throws IOException, ForkException {
    return BuildPlan.write(request.experiments(), request.baselineModes(), request.shards(), request.file(), log);
  }

  /** evaluate: the quality gate's verdicts. */
  public GateResult evaluate(EvaluateRequest request, BuildLog log)
      throws IOException, ForkException, GateFailedException {
    return Evaluations.run(request, log);
  }

  /** verify-release: each released stage, rebuilt and compared; a stage whose bytes differ fails. */
  public List<ReleaseRebuild.Rebuilt> verifyRelease(ReleaseRebuild.Request request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    return ReleaseRebuild.run(request, log);
  }

  /** report: the page written. */
  public Path report(ReportRequest request, BuildLog log) throws IOException {
    return Reports.write(request, log);
  }

  /** compare: the compare view's lines. */
  public List<String> compare(Path outputDirectory) throws IOException {
    return Reports.compareView(outputDirectory);
  }
}
