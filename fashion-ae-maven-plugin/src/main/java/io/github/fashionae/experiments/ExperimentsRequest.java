package io.github.fashionae.experiments;

import io.github.fashionae.training.Shard;
import io.github.fashionae.training.TrainingRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the experiments goal asks for: the expanded plan, the baseline its overrides apply to, and how to train.
 *
 * @param training the data, engine, cache and fork every stage uses
 * @param plan the declared experiments and expanded sweeps, in their fixed order
 * @param baseline the baseline the overrides apply to
 * @param outputDirectory the build's output folder; each experiment gets {@code experiments/<name>/}
 * @param parallel experiments trained at once, at least 1
 * @param shard this machine's share of the plan, when the build is spread over several
 */
public record ExperimentsRequest(TrainingRequest training, List<Experiment> plan, Overrides.Baseline baseline,
                                 Path outputDirectory, int parallel, Optional<Shard> shard) {

  /** A request of a build on one machine. */
  public ExperimentsRequest(TrainingRequest training, List<Experiment> plan, Overrides.Baseline baseline,
                            Path outputDirectory, int parallel) {
    this(training, plan, baseline, outputDirectory, parallel, Optional.empty());
  }

  public ExperimentsRequest {
    Objects.requireNonNull(training, "training");
    plan = List.copyOf(plan);
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(shard, "shard");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel: expected at least 1, found " + parallel);
    }
  }
}
