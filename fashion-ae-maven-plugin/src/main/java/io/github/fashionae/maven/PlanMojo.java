package io.github.fashionae.maven;

import io.github.fashionae.experiments.BuildPlan;
import io.github.fashionae.experiments.Experiment;
import io.github.fashionae.experiments.Experiments;
import io.github.fashionae.experiments.ExperimentsRequest;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code plan.json} into the output directory: every stage of the build (the baseline's, then each
 * experiment's) with its fingerprint, the shard that trains it and where it is ({@code LOCAL}, {@code REMOTE} or
 * {@code MISSING}), and a {@code matrix} of the shards that still have work, which a CI job matrix takes as it is
 * (GitHub Actions: {@code fromJSON}). Trains nothing. Run it with the experiments' execution, after fetch-dataset:
 * {@code mvn generate-resources fashion-ae:plan@experiments -Dfashionae.shards=4 -Dfashionae.remoteCache=URL}.
 */
@Mojo(name = "plan", threadSafe = true)
public class PlanMojo extends ExperimentsMojo {

  /** The file the plan goes to, in the output directory. */
  static final String PLAN_FILE = "plan.json";

  /**
   * How many shards (machines) the build is spread over, e.g. {@code -Dfashionae.shards=4}; each then runs with
   * {@code -Dfashionae.shard=I/4}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.shards", defaultValue = "1")
  int shards;

  /**
   * The baseline's classifiers, as train-classifier trains them: {@code finetune}, {@code frozen} or both,
   * comma-separated, e.g. {@code -Dfashionae.classifierModes=finetune}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierModes", defaultValue = "finetune,frozen")
  List<String> classifierModes;

  @Override
  String goal() {
    return "plan";
  }

  @Override
  void validate() throws MojoExecutionException {
    request(plan());
    modes();
    shardCount();
  }

  /** The number of shards, validated. */
  private int shardCount() throws MojoExecutionException {
    if (shards < 1) {
      throw invalid(new InvalidParameterException("shards", "at least 1", shards));
    }
    return shards;
  }

  @Override
  List<Path> outputFolders() {
    return List.of();
  }

  @Override
  void run() throws MojoExecutionException {
    int shardCount = shardCount();
    Set<ClassifierMode> modes = modes();
    List<Experiment> plan = plan();
    ExperimentsRequest request = request(plan);
    StageTrainer trainer = trainer(request.training());
    List<BuildPlan.Stage> stages;
    try {
      stages = BuildPlan.of(trainer, request.baseline(), modes, Experiments.jobs(plan, request.baseline(),
          outputDirectory.toPath()), shardCount);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot plan the build: " + e.getMessage(), e);
    }
    Path file = outputDirectory.toPath().resolve(PLAN_FILE);
    try {
      AtomicFiles.write(file, Json.pretty(BuildPlan.json(stages, shardCount, request.training().remote()
          .map(r -> r.url().toString()).orElse(null))).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    for (BuildPlan.Location location : BuildPlan.Location.values()) {
      long count = stages.stream().filter(s -> s.location() == location).count();
      if (count > 0) {
        getLog().info(String.format(Locale.ROOT, "%d stage%s %s", count, count == 1 ? "" : "s",
            switch (location) {
              case LOCAL -> "in the user cache";
              case REMOTE -> "in the remote cache";
              case MISSING -> "to train";
            }));
      }
    }
    List<String> work = BuildPlan.shardsWithWork(stages);
    getLog().info("Plan " + file + ": " + (work.isEmpty() ? "nothing to train"
        : "shards with work: " + String.join(", ", work)));
  }

  private Set<ClassifierMode> modes() throws MojoExecutionException {
    return classifierModes(classifierModes);
  }
}
