package io.github.fashionae.experiments;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The experiments goal's orchestrator: resolves every experiment's overrides (a bad one fails before any work),
 * trains them concurrently ({@link ExperimentRunner}) and logs the compare view of what each produced.
 */
public final class Experiments {

  private Experiments() {
  }

  /**
   * The experiments of a plan, the study's entries after the baseline: each resolved against the baseline, each in
   * its folder under {@code outputDirectory}.
   *
   * @throws InvalidParameterException naming {@code experiments/<name>/<key>}
   */
  public static List<Study.Entry> jobs(List<Experiment> plan, Overrides.Baseline baseline,
                                       Path outputDirectory) {
    return Study.of(baseline, Set.of(), plan, outputDirectory).experiments();
  }

  /** Trains the request's experiments and logs their compare view; their outcomes in the plan's order. */
  public static List<ExperimentRunner.Outcome> run(ExperimentsRequest request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    List<Study.Entry> jobs = jobs(request.plan(), request.baseline(), request.outputDirectory());
    if (jobs.isEmpty()) {
      log.info("No experiments declared");
      return List.of();
    }
    for (Study.Entry job : jobs) {
      log.info("Experiment " + job.experiment().name() + ": " + job.experiment().describe()
          + (job.resolved().modes().isEmpty() ? "" : "; classifiers: " + job.resolved().modes().stream()
              .map(ClassifierMode::label).collect(Collectors.joining(", "))));
    }
    StageTrainer trainer = StageTrainer.of(request.training(), log);
    List<ExperimentRunner.Outcome> outcomes = new ExperimentRunner(trainer, log, request.parallel(),
        request.shard()).run(jobs);
    compareView(outcomes).forEach(log::info);
    return outcomes;
  }

  /** The compare view in the log: each experiment's stages, trained or cached, and where each ended. */
  static List<String> compareView(List<ExperimentRunner.Outcome> outcomes) {
    List<String> lines = new ArrayList<>();
    lines.add("Experiments (inputs that differ from the baseline; last epoch's validation loss):");
    int width = outcomes.stream().mapToInt(o -> o.experiment().name().length()).max().orElse(10);
    for (ExperimentRunner.Outcome outcome : outcomes) {
      for (StageRunner.Result result : outcome.stages()) {
        EpochRecord last = result.summary().last();
        lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %-20s %-7s %s %.5f%s (%s)  %s  SHA-256 %s",
            outcome.experiment().name(), result.summary().stage(), result.trained() ? "trained" : "cached",
            result.summary().spec().kind() == StageKind.AUTOENCODER ? "validation MSE" : "validation loss",
            last.validationLoss(), last.validationAccuracy() == null ? ""
                : String.format(Locale.ROOT, ", accuracy %.4f", last.validationAccuracy()),
            Durations.format(result.summary().trainingSeconds()), outcome.experiment().describe(),
            result.modelSha256()));
      }
    }
    return lines;
  }
}
