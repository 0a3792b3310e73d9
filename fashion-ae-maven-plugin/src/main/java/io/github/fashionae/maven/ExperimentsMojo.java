package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.training.TrainedStages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the {@code experiments} and {@code sweeps}: each a set of overrides on the baseline (learning rate,
 * optimizer, dropout, latent size, linear bottleneck, batch size, epochs, seed, and the classifiers' settings and
 * modes). Each experiment's stages are cached like the baseline's (adding one trains only that one; one equal to
 * the baseline trains nothing) and written to {@code experiments/<name>/<stage>/}. Independent experiments run
 * concurrently, one forked training JVM each, each at the configured thread count.
 */
@Mojo(name = "experiments", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class ExperimentsMojo extends AbstractStudyMojo {

  /**
   * Experiments trained at once, one forked JVM each (each at {@code threads}); 0 for one per available processor.
   * Example: {@code -Dfashionae.parallel=2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.parallel", defaultValue = "0")
  int parallel;

  @Override
  String goal() {
    return "experiments";
  }

  @Override
  void validate() throws MojoExecutionException {
    if (!plan().isEmpty()) {
      experimentsRequest(parallel());
    }
  }

  @Override
  List<Path> outputFolders() throws MojoExecutionException {
    Path experiments = outputDirectory.toPath().resolve(TrainedStages.EXPERIMENTS);
    return plan().stream().map(e -> experiments.resolve(e.name())).toList();
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException, ReproducibilityException {
    build.study().experiments(experimentsRequest(parallel()), buildLog());
  }

  private int parallel() throws MojoExecutionException {
    if (parallel < 0) {
      throw invalid(new InvalidParameterException("parallel", "at least 0", parallel));
    }
    return parallel == 0 ? Runtime.getRuntime().availableProcessors() : parallel;
  }
}
