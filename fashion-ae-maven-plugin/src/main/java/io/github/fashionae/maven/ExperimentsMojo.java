package io.github.fashionae.maven;

import io.github.fashionae.experiments.Experiment;
import io.github.fashionae.experiments.ExperimentPlan;
import io.github.fashionae.experiments.Experiments;
import io.github.fashionae.experiments.ExperimentsRequest;
import io.github.fashionae.experiments.Overrides;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.TrainedStages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  /**
   * The experiments, each a {@code <name>} and the inputs it {@code <set>}s, e.g.
   * {@code <experiment><name>no-linear</name><set><linearBottleneck>false</linearBottleneck></set></experiment>}.
   * None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<ExperimentConfig> experiments;

  /**
   * Sweeps: each a {@code <name>}, the keys it {@code <vary>}s (comma-separated values, e.g.
   * {@code <learningRate>0.01,0.001</learningRate>}) and what it {@code <set>}s for all of them. None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<SweepConfig> sweeps;

  /**
   * Experiments trained at once, one forked JVM each (each at {@code threads}); 0 for one per available processor.
   * Example: {@code -Dfashionae.parallel=2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.parallel", defaultValue = "0")
  int parallel;

  /**
   * The baseline classifiers' probability to drop an activation, in [0, 1), e.g. {@code 0.2}; an experiment
   * overrides it with {@code classifier.dropout}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierDropout", defaultValue = "0.2")
  double classifierDropout;

  /**
   * The baseline classifiers' learning rate, above 0, e.g. {@code 0.001}; an experiment overrides it with
   * {@code classifier.learningRate}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierLearningRate", defaultValue = "0.001")
  double classifierLearningRate;

  /**
   * The baseline classifiers' optimizer, {@code adam} or {@code sgd}; an experiment overrides it with
   * {@code classifier.optimizer}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.classifierOptimizer", defaultValue = "adam")
  String classifierOptimizer;

  @Override
  String goal() {
    return "experiments";
  }

  @Override
  void validate() throws MojoExecutionException {
    List<Experiment> plan = plan();
    if (!plan.isEmpty()) {
      request(plan);
    }
  }

  @Override
  List<Path> outputFolders() throws MojoExecutionException {
    return plan().stream().map(e -> outputDirectory.toPath().resolve(TrainedStages.EXPERIMENTS).resolve(e.name()))
        .toList();
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<Experiment> plan = plan();
    if (plan.isEmpty()) {
      getLog().info("No experiments declared");
      return;
    }
    ExperimentsRequest request = request(plan);
    try {
      Experiments.run(request, buildLog());
    } catch (ForkException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (ReproducibilityException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot run the experiments: " + e.getMessage(), e);
    }
  }

  /** The goal's request: the plan, the baseline and the training inputs, validated before any work. */
  ExperimentsRequest request(List<Experiment> plan) throws MojoExecutionException {
    if (parallel < 0) {
      throw invalid(new InvalidParameterException("parallel", "at least 0", parallel));
    }
    Overrides.Baseline baseline = new Overrides.Baseline(autoencoderSpec(), autoencoderSettings(),
        settings("classifier", classifierOptimizer, classifierLearningRate, classifierDropout));
    try {
      Experiments.jobs(plan, baseline, outputDirectory.toPath()); // every override resolves before any work
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    return new ExperimentsRequest(trainingRequest(), plan, baseline, outputDirectory.toPath(),
        parallel == 0 ? Runtime.getRuntime().availableProcessors() : parallel, shard());
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
}
