package io.github.fashionae.maven;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.cache.StageCache;
import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.training.DataOptions;
import io.github.fashionae.training.Engine;
import io.github.fashionae.training.EpochRecord;
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

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** What both training goals share: data options, the forked JVM, and running one stage. */
abstract class AbstractTrainingMojo extends AbstractFashionAeMojo {

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

  /** OpenMP threads of the training JVM. Results are bit-identical only for the same thread count. */
  @Parameter(property = "fashionae.threads", defaultValue = "1")
  int threads;

  /** Maximum heap of the training JVM (its -Xmx). */
  @Parameter(property = "fashionae.maxHeap", defaultValue = "512m")
  String maxHeap;

  /** Further JVM arguments of the training JVM, whitespace-separated; none by default. */
  @Parameter(property = "fashionae.jvmArgs", defaultValue = "")
  String jvmArgs;

  /** The java executable that runs the training JVM. */
  @Parameter(property = "fashionae.java", defaultValue = "${java.home}/bin/java")
  File javaExecutable;

  /** The dataset manifest written by fetch-dataset. */
  @Parameter(property = "fashionae.datasetManifest",
      defaultValue = "${project.build.directory}/fashion-ae/dataset/manifest.json")
  File manifestFile;

  /** Where each stage's model, history, job and log go, one folder per stage. */
  @Parameter(property = "fashionae.outputDirectory", defaultValue = "${project.build.directory}/fashion-ae")
  File outputDirectory;

  /** Retrain even when the cache holds the stage, and replace the cache entry. */
  @Parameter(property = "fashionae.force", defaultValue = "false")
  boolean force;

  /**
   * Retrain, and fail the build when the new model's SHA-256 differs from the cached model of the same
   * inputs, printing both (the moral equivalent of {@code artifact:compare}).
   */
  @Parameter(property = "fashionae.verifyReproducible", defaultValue = "false")
  boolean verifyReproducible;

  /** The entry time of the model archives, as for every reproducible Maven artifact. */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  String outputTimestamp;

  /** A test hook: halt the training JVM abruptly after this epoch's checkpoint, as a kill -9 would (0: never). */
  @Parameter(property = "fashionae.test.haltAfterEpoch", defaultValue = "0")
  int haltAfterEpoch;

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Component
  MavenProjectHelper projectHelper;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true)
  List<Artifact> pluginArtifacts;

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

  /** The verified dataset files from fetch-dataset's manifest. */
  List<TrainingJob.DataFile> dataset() throws MojoExecutionException {
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.read(manifestFile.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(manifestFile + ": " + e.getMessage(), e);
    }
    List<TrainingJob.DataFile> files = new ArrayList<>();
    for (IdxFileSpec spec : FashionMnist.SPEC.files()) {
      DatasetManifest.Entry entry = manifest.entry(spec.name()).orElseThrow(() -> new MojoExecutionException(
          manifestFile + ": expected an entry for " + spec.name() + ", found none; run fetch-dataset again"));
      if (!spec.sha256().equals(entry.sha256())) {
        throw new MojoExecutionException(manifestFile + ": " + spec.name() + " has payload SHA-256 " + entry.sha256()
            + ", expected " + spec.sha256() + "; run fetch-dataset again");
      }
      files.add(new TrainingJob.DataFile(spec.name(), entry.path(), entry.sha256()));
    }
    return files;
  }

  String engine() {
    String version = plugin == null ? "dev" : plugin.getVersion();
    return Engine.IDENTITY + "/fashion-ae-maven-plugin-" + version;
  }

  Path stageDirectory(String stage) {
    return outputDirectory.toPath().resolve(stage);
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
        double seconds = result.summary().epochs().stream().mapToDouble(EpochRecord::seconds).sum();
        getLog().info(String.format(Locale.ROOT, "%s trained in %s: validation loss %.5f%s; model %s (SHA-256 %s)",
            job.stage(), Durations.format(seconds), result.summary().last().validationLoss(),
            result.summary().last().validationAccuracy() == null ? ""
                : String.format(Locale.ROOT, ", validation accuracy %.4f", result.summary().last().validationAccuracy()),
            Path.of(job.outputDirectory()).resolve(TrainerMain.MODEL_FILE), result.modelSha256()));
      }
      attach(job.stage(), Path.of(job.outputDirectory()).resolve(TrainerMain.MODEL_FILE));
      return result.summary();
    } catch (TrainingException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (ReproducibilityException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot train " + job.stage() + ": " + e.getMessage(), e);
    }
  }

  private void attach(String stage, Path model) {
    if (project != null && projectHelper != null) {
      projectHelper.attachArtifact(project, "zip", stage, model.toFile());
    }
  }

  /** The entry time of model archives: project.build.outputTimestamp, or the zip epoch when unset. */
  String archiveTime() throws MojoExecutionException {
    try {
      return DeterministicZip.entryTime(outputTimestamp).toString();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  ForkedTraining.Fork fork() throws MojoExecutionException {
    Set<Path> classpath = new LinkedHashSet<>();
    if (plugin != null && plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
      classpath.add(plugin.getPluginArtifact().getFile().toPath());
    }
    for (Artifact artifact : pluginArtifacts == null ? List.<Artifact>of() : pluginArtifacts) {
      if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    if (classpath.isEmpty()) {
      throw new MojoExecutionException("Cannot train: the plugin's own artifacts are unknown, so the training "
          + "JVM has no classpath");
    }
    List<String> extra = jvmArgs == null || jvmArgs.isBlank() ? List.of()
        : Arrays.asList(jvmArgs.trim().split("\\s+"));
    return new ForkedTraining.Fork(javaExecutable.toPath(), new ArrayList<>(classpath), maxHeap, extra);
  }
}
