package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.build.StudyBuild;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the classifier: the trained autoencoder's encoder plus a linear softmax head over the ten classes,
 * once per mode of {@code classifierModes}: {@code finetune} (the encoder trains too) and {@code frozen} (only the
 * head trains). Each mode writes {@code classifier-<mode>/model.zip} (plain DL4J), {@code model.onnx} and
 * {@code history.json} (losses and accuracies per epoch), and is attached as the {@code classifier-<mode>} zip and
 * onnx artifacts (and the model card as {@code classifier-<mode>-card} json). The modes are independent given the
 * encoder, so they train at once, each in its own forked JVM, when the machine has {@code threads} cores for each
 * (the bytes do not depend on it).
 */
@Mojo(name = "train-classifier", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TrainClassifierMojo extends AbstractStudyMojo {

  /**
   * The trained autoencoder whose encoder the classifier starts from: train-autoencoder's model, or any
   * autoencoder {@code model.zip} of this plugin, e.g. one resolved from a repository.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.encoderModel",
      defaultValue = "${project.build.directory}/fashion-ae/autoencoder/model.zip")
  File encoderModel;

  @Override
  String goal() {
    return "train-classifier";
  }

  @Override
  void validate() throws MojoExecutionException {
    classifierSettings();
    folders();
    trainingRequest();
  }

  @Override
  List<Path> outputFolders() throws MojoExecutionException {
    return List.copyOf(folders().values());
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException, ReproducibilityException {
    build.study().classifiers(new StudyBuild.ClassifiersRequest(trainingRequest(), shard(), folders(),
        encoderModel.toPath(), classifierSettings()), buildLog()).forEach(this::attachModels);
  }

  /** Each mode's stage folder, in the order of {@code classifierModes}; at least one. */
  private Map<ClassifierMode, Path> folders() throws MojoExecutionException {
    Map<ClassifierMode, Path> folders = new LinkedHashMap<>();
    modes().forEach(mode -> folders.put(mode, stageDirectory(ClassifierStage.name(mode))));
    if (folders.isEmpty()) {
      throw invalid(new InvalidParameterException("classifierModes", "finetune, frozen or both", "none"));
    }
    return folders;
  }
}
