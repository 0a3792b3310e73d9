package io.github.fashionae.maven;

import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.StageTrainer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the classifier: the trained autoencoder's encoder plus a linear softmax head over the ten classes,
 * once per mode: {@code finetune} (the encoder trains too) and {@code frozen} (only the head trains). Each mode
 * writes {@code classifier-<mode>/model.zip} (plain DL4J), {@code model.onnx} and {@code history.json} (losses
 * and accuracies per epoch), and is attached as the {@code classifier-<mode>} zip and onnx artifacts (and the
 * model card as {@code classifier-<mode>-card} json). The modes are independent given the encoder, so they train
 * at once, each in its own forked JVM, when the machine has {@code threads} cores for each (the bytes do not
 * depend on it: each JVM keeps the stage's thread count).
 */
@Mojo(name = "train-classifier", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainClassifierMojo extends AbstractTrainingMojo {

  /**
   * The modes to train: {@code finetune}, {@code frozen}, or both; comma-separated on the command line, e.g.
   * {@code -Dfashionae.classifierModes=frozen}. The POM element {@code <modes>} of earlier snapshots still works.
   *
   * @since 0.1.0
   */
  @Parameter(alias = "modes", property = "fashionae.classifierModes", defaultValue = "finetune,frozen")
  List<String> classifierModes;

  /**
   * The trained autoencoder whose encoder the classifier starts from: train-autoencoder's model, or any
   * autoencoder {@code model.zip} of this plugin, e.g. one resolved from a repository.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.encoderModel",
      defaultValue = "${project.build.directory}/fashion-ae/autoencoder/model.zip")
  File encoderModel;

  /**
   * The classifier's probability to drop an activation (PyTorch's p), in [0, 1), e.g. {@code 0.2}. The POM
   * element {@code <dropout>} and the property {@code fashionae.classifier.dropout} of earlier snapshots still work.
   *
   * @since 0.1.0
   */
  @Parameter(alias = "dropout", property = "fashionae.classifierDropout", defaultValue = "0.2")
  double classifierDropout;

  /**
   * The classifier's learning rate, above 0, e.g. {@code 0.001} (was {@code <learningRate>},
   * {@code fashionae.classifier.learningRate}).
   *
   * @since 0.1.0
   */
  @Parameter(alias = "learningRate", property = "fashionae.classifierLearningRate", defaultValue = "0.001")
  double classifierLearningRate;

  /**
   * The classifier's optimizer: {@code adam} or {@code sgd} (was {@code <optimizer>},
   * {@code fashionae.classifier.optimizer}).
   *
   * @since 0.1.0
   */
  @Parameter(alias = "optimizer", property = "fashionae.classifierOptimizer", defaultValue = "adam")
  String classifierOptimizer;

  @Override
  String goal() {
    return "train-classifier";
  }

  @Override
  void validate() throws MojoExecutionException {
    settings("classifier", classifierOptimizer, classifierLearningRate, classifierDropout);
    modes();
    trainingRequest();
  }

  @Override
  List<Path> outputFolders() throws MojoExecutionException {
    return modes().stream().map(mode -> stageDirectory(ClassifierStage.name(mode))).toList();
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    TrainingSettings settings = settings("classifier", classifierOptimizer, classifierLearningRate,
        classifierDropout);
    Set<ClassifierMode> modes = modes();
    Optional<Shard> share = shard();
    if (share.isPresent() && !share.get().owns(Shard.BASELINE)) {
      StageTrainer trainer = trainer(trainingRequest());
      for (ClassifierMode mode : modes) {
        Path directory = stageDirectory(ClassifierStage.name(mode));
        provideStage(() -> trainer.provideClassifier(directory, encoderModel.toPath(), mode, settings), directory,
            share.get());
      }
      return;
    }
    try {
      StageTrainer.requireEncoder(encoderModel.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    StageTrainer trainer = trainer(trainingRequest());
    List<StageTrainer.ClassifierCall> calls = modes.stream()
        .map(mode -> new StageTrainer.ClassifierCall(stageDirectory(ClassifierStage.name(mode)), mode)).toList();
    // the modes are independent given the encoder: one at a time per free set of cores
    int parallel = Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
    List<StageTrainer.Attempt> attempts;
    try {
      attempts = trainer.classifiers(calls, encoderModel.toPath(), settings, parallel);
    } catch (IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    for (int i = 0; i < calls.size(); i++) {
      StageTrainer.Attempt attempt = attempts.get(i);
      trainStage(attempt::get, calls.get(i).directory());
    }
  }

  private Set<ClassifierMode> modes() throws MojoExecutionException {
    Set<ClassifierMode> parsed = classifierModes(classifierModes);
    if (parsed.isEmpty()) {
      throw invalid(new InvalidParameterException("classifierModes", "finetune, frozen or both", "none"));
    }
    return parsed;
  }
}
