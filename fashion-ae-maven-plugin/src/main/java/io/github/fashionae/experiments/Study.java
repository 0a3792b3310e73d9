package io.github.fashionae.experiments;

import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.TrainedStages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The study a build trains, in its one fixed order: the baseline at position {@link Shard#BASELINE}, then each
 * experiment as declared and expanded; each entry an autoencoder and the classifiers on its encoder. The position
 * decides the shard that trains an entry ({@link Shard#owning}), for the plan and the experiments alike.
 *
 * @param entries the baseline, then the experiments
 */
public record Study(List<Entry> entries) {

  /**
   * One entry of the study.
   *
   * @param position its position: 0 for the baseline, then 1, 2, ... in the plan's order
   * @param experiment its name and overrides ({@link BuildPlan#BASELINE} and none for the baseline)
   * @param resolved its inputs: the baseline with its overrides applied, and its classifier modes
   * @param directory its folder, holding one folder per stage: the output directory for the baseline,
   *     {@code experiments/<name>/} under it for an experiment
   */
  public record Entry(int position, Experiment experiment, Overrides.Resolved resolved, Path directory) {
    public Entry {
      Objects.requireNonNull(experiment, "experiment");
      Objects.requireNonNull(resolved, "resolved");
      Objects.requireNonNull(directory, "directory");
    }
  }

  public Study {
    entries = List.copyOf(entries);
  }

  /**
   * The study of {@code baseline} (with the classifiers of {@code baselineModes}) and the experiments of
   * {@code plan}, under {@code outputDirectory}.
   *
   * @throws io.github.fashionae.stage.InvalidParameterException naming {@code experiments/<name>/<key>} for an
   *     override that does not apply
   */
  public static Study of(Overrides.Baseline baseline, Set<ClassifierMode> baselineModes, List<Experiment> plan,
                         Path outputDirectory) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(Shard.BASELINE, new Experiment(BuildPlan.BASELINE, new TreeMap<>()),
        new Overrides.Resolved(baseline.autoencoder(), baseline.autoencoderSettings(), baseline.classifierSettings(),
            baselineModes), outputDirectory));
    for (Experiment experiment : plan) {
      entries.add(new Entry(entries.size(), experiment, Overrides.apply(baseline, experiment),
          outputDirectory.resolve(TrainedStages.EXPERIMENTS).resolve(experiment.name())));
    }
    return new Study(entries);
  }

  /** The experiments: every entry after the baseline. */
  public List<Entry> experiments() {
    return entries.subList(1, entries.size());
  }
}
