package io.github.fashionae.maven;

import io.github.fashionae.cache.StageCache;
import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.training.DataOptions;
import io.github.fashionae.training.ForkedTraining;
import io.github.fashionae.training.ReproducibilityException;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.TrainerMain;
import io.github.fashionae.training.TrainingException;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.training.TrainingSummary;
import io.github.fashionae.training.ValidationSet;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What both training goals share: data options and running one stage. */
abstract class AbstractTrainingMojo extends AbstractEngineMojo {

  /** Examples per minibatch. */
  @Parameter(property = "fashionae.batchSize", defaultValue = "100")
  int batchSize;

  /** Passes over the training data; the property overrides every stage at once. */
  @Parameter(property = "fashionae.epochs", defaultValue = "30")
  int epochs;

  /** Seeds weight initialisation, the validation hold-out, shuffling and dropout masks. */
  @Parameter(property = "fashionae.seed", defaultValue = "42")
  long seed;

  /**
   * Where validation losses come from: {@code holdout} (images held out of the training file; the test set
   * stays unseen) or {@code test} (the official test images, the course's own convention).
   */
  @Parameter(property = "fashionae.validation", defaultValue = "holdout")
  String validation;

  /** Training images held out for validation (with {@code test}: test images used, 0 for all). */
  @Parameter(property = "fashionae.validationSize", defaultValue = "10000")
  int validationSize;

  /** Train on the first N training examples only, 0 for all; the property overrides every stage at once. */
  @Parameter(property = "fashionae.trainLimit", defaultValue = "0")
  int trainLimit;

  /**
   * Retrain, and fail the build when the new model's SHA-256 differs from the cached model of the same
   * inputs, printing both (the moral equivalent of {@code artifact:compare}).
   */
  @Parameter(property = "fashionae.verifyReproducible", defaultValue = "false")
  boolean verifyReproducible;

  /** A test hook: halt the training JVM abruptly after this epoch's checkpoint, as a kill -9 would (0: never). */
  @Parameter(property = "fashionae.test.haltAfterEpoch", defaultValue = "0")
  int haltAfterEpoch;

  /** POM parameter name → user property, for messages about invalid values. */
  abstract Map<String, String> properties();

  /** A configuration error naming the parameter and its property. */
  MojoExecutionException invalid(InvalidParameterException e) {
    String property = properties().get(e.parameter());
    return new MojoExecutionException("Invalid parameter " + e.getMessage().replaceFirst(
        java.util.regex.Pattern.quote(e.parameter()), e.parameter() + (property == null ? "" : " (" + property + ")")),
        e);
  }

  static Map<String, String> sharedProperties() {
    return Map.of("batchSize", "fashionae.batchSize", "epochs", "fashionae.epochs", "seed", "fashionae.seed",
        "validation", "fashionae.validation", "validationSize", "fashionae.validationSize",
        "trainLimit", "fashionae.trainLimit", "threads", "fashionae.threads");
  }

  DataOptions dataOptions() {
    return new DataOptions(ValidationSet.parse("validation", validation), validationSize, trainLimit);
  }

  /**
   * Provides the job's stage: from the cache when its fingerprint is there, else trained in a forked JVM
   * (resuming from the last checkpoint of a killed run) and stored in the cache. The model is attached to
   * the project as {@code <stage>} zip artifact.
   */
  TrainingSummary trainStage(TrainingJob job, String description) throws MojoExecutionException, MojoFailureException {
    BuildLog log = buildLog();
    StageRunner runner = new StageRunner(new StageCache(cacheDirectory.toPath(), log),
        new ForkedTraining(fork(), log), log);
    try {
      getLog().info("Stage " + description);
      StageRunner.Result result = runner.run(job.withRun(null, haltAfterEpoch), new StageRunner.Options(force,
          verifyReproducible));
      if (result.trained()) {
        double seconds = result.summary().trainingSeconds();
        getLog().info(String.format(Locale.ROOT, "%s trained in %s: validation loss %.5f%s; model %s (SHA-256 %s)",
            job.stage(), Durations.format(seconds), result.summary().last().validationLoss(),
            result.summary().last().validationAccuracy() == null ? ""
                : String.format(Locale.ROOT, ", validation accuracy %.4f", result.summary().last().validationAccuracy()),
            Path.of(job.outputDirectory()).resolve(TrainerMain.MODEL_FILE), result.modelSha256()));
      }
      attach("zip", job.stage(), Path.of(job.outputDirectory()).resolve(TrainerMain.MODEL_FILE));
      return result.summary();
    } catch (TrainingException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (ReproducibilityException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot train " + job.stage() + ": " + e.getMessage(), e);
    }
  }
}
