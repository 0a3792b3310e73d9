package io.github.fashionae.maven;

import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.util.Sha256;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the classifier: the trained autoencoder's encoder plus a linear softmax head over the ten classes,
 * once per mode: {@code finetune} (the encoder trains too) and {@code frozen} (only the head trains). Each mode
 * writes {@code classifier-<mode>/model.zip} and {@code history.json} (losses and accuracies per epoch).
 */
@Mojo(name = "train-classifier", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainClassifierMojo extends AbstractTrainingMojo {

  /** The modes to train, comma-separated: {@code finetune}, {@code frozen}, or both. */
  @Parameter(property = "fashionae.classifier.modes", defaultValue = "finetune,frozen")
  List<String> modes;

  /** The trained autoencoder whose encoder the classifier starts from (train-autoencoder's model). */
  @Parameter(property = "fashionae.encoderModel",
      defaultValue = "${project.build.directory}/fashion-ae/autoencoder/model.zip")
  File encoderModel;

  /** Probability to drop an activation (PyTorch's p), in [0, 1). */
  @Parameter(property = "fashionae.classifier.dropout", defaultValue = "0.2")
  double dropout;

  /** Learning rate of the optimizer. */
  @Parameter(property = "fashionae.classifier.learningRate", defaultValue = "0.001")
  double learningRate;

  /** The optimizer: {@code adam} or {@code sgd}. */
  @Parameter(property = "fashionae.classifier.optimizer", defaultValue = "adam")
  String optimizer;

  @Override
  String goal() {
    return "train-classifier";
  }

  @Override
  Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(sharedProperties());
    properties.putAll(Map.of("modes", "fashionae.classifier.modes", "dropout", "fashionae.classifier.dropout",
        "learningRate", "fashionae.classifier.learningRate", "optimizer", "fashionae.classifier.optimizer"));
    return properties;
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<TrainingJob> jobs = new ArrayList<>();
    try {
      TrainingSettings settings = new TrainingSettings(Optimizer.parse("optimizer", optimizer), learningRate, dropout,
          batchSize, epochs, seed);
      List<TrainingJob.DataFile> dataset = dataset();
      String encoderDigest = encoderDigest();
      for (ClassifierMode mode : modes()) {
        String stage = "classifier-" + mode.label();
        jobs.add(new TrainingJob(stage, TrainingJob.Kind.CLASSIFIER, dataset, null, mode,
            encoderModel.getAbsolutePath(), encoderDigest, settings, dataOptions(), threads, engine(),
            stageDirectory(stage).toString(), archiveTime(), null, 0));
      }
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    for (TrainingJob job : jobs) {
      trainStage(job, String.format(Locale.ROOT, "the %s classifier (dropout %s, %s lr %s, batch %d, %d epochs, "
              + "seed %d)", job.mode().label(), dropout, job.settings().optimizer().label(), learningRate, batchSize,
          epochs, seed));
    }
  }

  private Set<ClassifierMode> modes() {
    Set<ClassifierMode> parsed = new LinkedHashSet<>();
    for (String mode : modes == null ? List.<String>of() : modes) {
      if (mode != null && !mode.isBlank()) {
        parsed.add(ClassifierMode.parse("modes", mode));
      }
    }
    if (parsed.isEmpty()) {
      throw new InvalidParameterException("modes", "finetune, frozen or both", "none");
    }
    return parsed;
  }

  private String encoderDigest() throws MojoExecutionException {
    if (!encoderModel.isFile()) {
      throw new MojoExecutionException("encoderModel (fashionae.encoderModel): expected the trained autoencoder "
          + "at " + encoderModel + ", found no file; run train-autoencoder first (it is bound to compile)");
    }
    try {
      return Sha256.ofFile(encoderModel.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read " + encoderModel + ": " + e.getMessage(), e);
    }
  }
}
