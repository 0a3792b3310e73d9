package io.github.fashionae.maven;

import io.github.fashionae.cache.StageCache;
import io.github.fashionae.experiments.Experiment;
import io.github.fashionae.experiments.ExperimentPlan;
import io.github.fashionae.experiments.ExperimentRunner;
import io.github.fashionae.experiments.Overrides;
import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.EpochRecord;
import io.github.fashionae.training.ReproducibilityException;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.training.TrainingException;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.util.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains named experiments: each a set of overrides on the baseline (learning rate, optimizer, dropout, latent
 * size, linear bottleneck, batch size, epochs, seed, and the classifiers' settings and modes), declared one by
 * one or as sweeps. Each experiment's stages are cached like the baseline's (adding one trains only that
 * one; one equal to the baseline trains nothing) and written to {@code experiments/<name>/<stage>/}.
 * Independent experiments run concurrently, one forked training JVM each, each at the configured thread count.
 */
@Mojo(name = "experiments", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class ExperimentsMojo extends AbstractAutoencoderMojo {

  /** The experiments, each a {@code <name>} and the inputs it {@code <set>}s. None by default. */
  @Parameter
  List<ExperimentConfig> experiments;

  /** Sweeps: each a {@code <name>}, the keys it {@code <vary>}s (comma-separated values) and what it {@code <set>}s. */
  @Parameter
  List<SweepConfig> sweeps;

  /** Experiments trained at once, one forked JVM each; 0 for one per available processor. */
  @Parameter(property = "fashionae.parallel", defaultValue = "0")
  int parallel;

  /** The baseline classifiers' dropout. */
  @Parameter(property = "fashionae.classifier.dropout", defaultValue = "0.2")
  double classifierDropout;

  /** The baseline classifiers' learning rate. */
  @Parameter(property = "fashionae.classifier.learningRate", defaultValue = "0.001")
  double classifierLearningRate;

  /** The baseline classifiers' optimizer. */
  @Parameter(property = "fashionae.classifier.optimizer", defaultValue = "adam")
  String classifierOptimizer;

  @Override
  String goal() {
    return "experiments";
  }

  @Override
  Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(super.properties());
    properties.put("parallel", "fashionae.parallel");
    properties.put("classifierDropout", "fashionae.classifier.dropout");
    properties.put("classifierLearningRate", "fashionae.classifier.learningRate");
    properties.put("classifierOptimizer", "fashionae.classifier.optimizer");
    return properties;
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<Experiment> plan = plan();
    if (plan.isEmpty()) {
      getLog().info("No experiments declared");
      return;
    }
    int slots = parallel == 0 ? Runtime.getRuntime().availableProcessors() : parallel;
    if (slots < 0) {
      throw invalid(new InvalidParameterException("parallel", "at least 0", parallel));
    }
    List<ExperimentRunner.Job> jobs = jobs(plan);
    ExperimentRunner runner = new ExperimentRunner(new StageCache(cacheDirectory.toPath(), buildLog()), fork(),
        buildLog(), slots);
    List<ExperimentRunner.Outcome> outcomes;
    try {
      outcomes = runner.run(jobs, new StageRunner.Options(force, verifyReproducible));
    } catch (TrainingException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (ReproducibilityException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot run the experiments: " + e.getMessage(), e);
    }
    compare(outcomes);
  }

  /** The declared experiments and expanded sweeps, validated before any work. */
  List<Experiment> plan() throws MojoExecutionException {
    List<Experiment> declared = new ArrayList<>();
    for (ExperimentConfig config : experiments == null ? List.<ExperimentConfig>of() : experiments) {
      declared.add(new Experiment(config.name, config.set == null ? new TreeMap<>() : new TreeMap<>(config.set)));
    }
    List<ExperimentPlan.Sweep> declaredSweeps = new ArrayList<>();
    for (SweepConfig sweep : sweeps == null ? List.<SweepConfig>of() : sweeps) {
      Map<String, List<String>> vary = new TreeMap<>();
      if (sweep.vary != null) {
        sweep.vary.forEach((key, values) -> vary.put(key, values == null ? List.of()
            : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()));
      }
      declaredSweeps.add(new ExperimentPlan.Sweep(sweep.name, vary, sweep.set));
    }
    try {
      return ExperimentPlan.expand(declared, declaredSweeps);
    } catch (ExperimentPlan.InvalidPlanException e) {
      throw new MojoExecutionException("Invalid experiments: " + e.getMessage(), e);
    }
  }

  /** The baseline classifiers' settings; a bad value names this goal's classifier parameter, not the autoencoder's. */
  private TrainingSettings classifierSettings() {
    try {
      return new TrainingSettings(Optimizer.parse("classifierOptimizer", classifierOptimizer), classifierLearningRate,
          classifierDropout, batchSize, epochs, seed);
    } catch (InvalidParameterException e) {
      String name = e.parameter();
      throw name.equals("learningRate") || name.equals("dropout")
          ? e.renamed("classifier" + Character.toUpperCase(name.charAt(0)) + name.substring(1)) : e;
    }
  }

  private List<ExperimentRunner.Job> jobs(List<Experiment> plan) throws MojoExecutionException {
    List<ExperimentRunner.Job> jobs = new ArrayList<>();
    try {
      Overrides.Baseline baseline = new Overrides.Baseline(autoencoderSpec(), autoencoderSettings(),
          classifierSettings());
      List<TrainingJob.DataFile> dataset = dataset();
      for (Experiment experiment : plan) {
        Overrides.Resolved resolved = Overrides.apply(baseline, experiment);
        Path directory = outputDirectory.toPath().resolve(TrainedStages.EXPERIMENTS).resolve(experiment.name());
        TrainingJob autoencoder = new TrainingJob("autoencoder", TrainingJob.Kind.AUTOENCODER, dataset,
            resolved.autoencoder(), null, null, null, resolved.autoencoderSettings(), dataOptions(), threads, engine(),
            directory.resolve("autoencoder").toString(), archiveTime(), null, 0, experiment.name());
        jobs.add(new ExperimentRunner.Job(experiment, autoencoder, resolved.classifierSettings(), resolved.modes()));
        getLog().info("Experiment " + experiment.name() + ": " + experiment.describe()
            + (resolved.modes().isEmpty() ? "" : "; classifiers: " + resolved.modes().stream()
                .map(m -> m.label()).collect(java.util.stream.Collectors.joining(", "))));
      }
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    return jobs;
  }

  /** The compare view in the log: each experiment, what it changes, and where it ended. */
  private void compare(List<ExperimentRunner.Outcome> outcomes) {
    getLog().info("Experiments (inputs that differ from the baseline; last epoch's validation loss):");
    int width = outcomes.stream().mapToInt(o -> o.experiment().name().length()).max().orElse(10);
    for (ExperimentRunner.Outcome outcome : outcomes) {
      for (StageRunner.Result result : outcome.stages()) {
        EpochRecord last = result.summary().last();
        double seconds = result.summary().trainingSeconds();
        getLog().info(String.format(Locale.ROOT, "  %-" + width + "s  %-20s %-7s %s %.5f%s (%s)  %s  SHA-256 %s",
            outcome.experiment().name(), result.summary().stage(), result.trained() ? "trained" : "cached",
            result.summary().job().kind() == TrainingJob.Kind.AUTOENCODER ? "validation MSE" : "validation loss",
            last.validationLoss(), last.validationAccuracy() == null ? ""
                : String.format(Locale.ROOT, ", accuracy %.4f", last.validationAccuracy()), Durations.format(seconds),
            outcome.experiment().describe(), result.modelSha256()));
      }
    }
  }
}
