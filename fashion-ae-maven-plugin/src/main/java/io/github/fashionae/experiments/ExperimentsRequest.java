package io.github.fashionae.experiments;

import io.github.fashionae.training.TrainingRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the experiments goal asks for: the expanded plan, the baseline its overrides apply to, and how to train.
 *
 * @param training the data, engine, cache and fork every stage uses
 * @param plan the declared experiments and expanded sweeps, in their fixed order
 * @param baseline the baseline the overrides apply to
 * @param outputDirectory the build's output folder; each experiment gets {@code experiments/<name>/}
 * @param parallel experiments trained at once, at least 1
 */
public record ExperimentsRequest(TrainingRequest training, List<Experiment> plan, Overrides.Baseline baseline,
                                 Path outputDirectory, int parallel) {

  public ExperimentsRequest {
    Objects.requireNonNull(training, "training");
    plan = List.copyOf(plan);
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel: expected at least 1, found " + parallel);
    }
  }
}
