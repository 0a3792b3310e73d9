package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.RemoteMissException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StoreException;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.training.TrainingRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the training goals share: the data, the schedule, and mapping a stage's training to the build's outcome. */
abstract class AbstractTrainingMojo extends AbstractEngineMojo {

  /**
   * Examples per minibatch, e.g. {@code 100}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.batchSize", defaultValue = "100")
  int batchSize;

  /**
   * Passes over the training data; the property overrides every stage at once, e.g. {@code -Dfashionae.epochs=3}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.epochs", defaultValue = "30")
  int epochs;

  /**
   * Seeds weight initialisation, the validation hold-out, shuffling and dropout masks; any whole number.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.seed", defaultValue = "42")
  long seed;

  /**
   * Where validation losses come from: {@code holdout} (images held out of the training file; the test set
   * stays unseen) or {@code test} (the official test images, the course's own convention).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.validation", defaultValue = "holdout")
  String validation;

  /**
   * Training images held out for validation, e.g. {@code 10000}: fewer than the 60,000 there are (with
   * {@code validation=test}: test images used, at most 10,000, 0 for all of them).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.validationSize", defaultValue = "10000")
  int validationSize;

  /**
   * Train on the first N training images only, 0 for all; at most the images left after the hold-out (60,000
   * less {@code validationSize}). The property overrides every stage at once, e.g.
   * {@code -Dfashionae.trainLimit=2000} for a quick look.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.trainLimit", defaultValue = "0")
  int trainLimit;

  /**
   * Retrain, and fail the build when the new model's SHA-256 differs from the cached model of the same
   * inputs, printing both (the moral equivalent of {@code artifact:compare}): {@code -Dfashionae.verifyReproducible}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.verifyReproducible", defaultValue = "false")
  boolean verifyReproducible;

  /** The request every stage of this goal trains under, validated. */
  TrainingRequest trainingRequest() throws MojoExecutionException {
    try {
      DataOptions data = new DataOptions(ValidationSet.parse("validation", validation), validationSize, trainLimit);
      CachedSteps.Mode mode = verifyReproducible ? CachedSteps.Mode.VERIFY
          : force ? CachedSteps.Mode.REDO : CachedSteps.Mode.REUSE;
      if (threads < 1) {
        throw new InvalidParameterException("threads", "at least 1", threads);
      }
      return new TrainingRequest(manifestFile.toPath(), data, threads, engine(), archiveTime(),
          cacheDirectory.toPath(), mode, fork(), remoteCacheConfig());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /** Training settings of this goal's schedule, validated; {@code prefix} names the network's parameters. */
  TrainingSettings settings(String prefix, String optimizer, double learningRate, double dropout)
      throws MojoExecutionException {
    try {
      return new TrainingSettings(Optimizer.parse("optimizer", optimizer), learningRate, dropout, batchSize, epochs,
          seed);
    } catch (InvalidParameterException e) {
      String name = e.parameter();
      boolean own = name.equals("optimizer") || name.equals("learningRate") || name.equals("dropout");
      throw invalid(own && !prefix.isEmpty()
          ? e.renamed(prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1)) : e);
    }
  }

  /**
   * The classifier modes named in {@code declared} (blank entries skipped), in order; empty when none is named.
   *
   * @throws MojoExecutionException naming {@code classifierModes} for a name that is no mode
   */
  Set<ClassifierMode> classifierModes(List<String> declared) throws MojoExecutionException {
    Set<ClassifierMode> parsed = new LinkedHashSet<>();
    try {
      for (String mode : declared == null ? List.<String>of() : declared) {
        if (mode != null && !mode.isBlank()) {
          parsed.add(ClassifierMode.parse("classifierModes", mode));
        }
      }
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    return parsed;
  }

  /** The orchestrator of this goal's stages, once the manifest is read. */
  StageTrainer trainer(TrainingRequest request) throws MojoExecutionException {
    try {
      return StageTrainer.of(request, buildLog());
    } catch (ForkException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /**
   * Runs one stage, maps its failure to the build's, and attaches its models under the classifier
   * {@code <stage>}: {@code model.zip} (type zip) and {@code model.onnx} (type onnx), and its model card as
   * {@code <stage>-card} (type json).
   */
  void trainStage(StageCall call, Path directory) throws MojoExecutionException, MojoFailureException {
    try {
      call.run();
      attachModels(directory);
    } catch (ForkException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (ReproducibilityException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (StoreException | RemoteMissException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot train " + directory.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Attaches a stage's models and model card under the classifier {@code <stage>} (see {@link #trainStage}). */
  private void attachModels(Path directory) {
    String classifier = artifactClassifier(directory);
    attach("zip", classifier, directory.resolve(StageFiles.MODEL));
    attach("onnx", classifier, directory.resolve(StageFiles.ONNX));
    attach("json", classifier + "-card", directory.resolve(StageFiles.MODEL_CARD));
  }

  /**
   * Provides a stage of another shard from the caches, attaching it as {@link #trainStage} does, or leaves it (no
   * training, no failure) for its shard.
   */
  void provideStage(ProvideCall call, Path directory, Shard share) throws MojoExecutionException {
    try {
      if (call.provide().isEmpty()) {
        getLog().info(TrainedStages.name(directory) + ": shard " + share.ownerOf(Shard.BASELINE) + "'s to train, and "
            + "in neither cache yet; left for it (fashionae.shard=" + share + ")");
        return;
      }
      attachModels(directory);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot provide " + directory.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** One provide-only call of the stage trainer. */
  @FunctionalInterface
  interface ProvideCall {
    Optional<StageRunner.Result> provide() throws IOException;
  }

  /**
   * The classifier the stage's model is attached with: the stage's name ({@code autoencoder}), or, when the output
   * directory is not the default {@code target/fashion-ae}, the folder's name and the stage's
   * ({@code models-a-autoencoder}), so that two executions with a folder each attach two artifacts.
   */
  String artifactClassifier(Path stageDirectory) {
    String stage = stageDirectory.getFileName().toString();
    if (project == null || project.getBuild() == null || project.getBuild().getDirectory() == null) {
      return stage;
    }
    Path standard = Path.of(project.getBuild().getDirectory(), "fashion-ae").toAbsolutePath().normalize();
    return outputDirectory.toPath().toAbsolutePath().normalize().equals(standard) ? stage
        : outputDirectory.getName() + "-" + stage;
  }

  /** One call of the stage trainer. */
  @FunctionalInterface
  interface StageCall {
    StageRunner.Result run() throws IOException, ForkException, ReproducibilityException;
  }
}
