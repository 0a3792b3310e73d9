package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.build.StudyBuild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains the study's convolutional autoencoder on Fashion-MNIST in a forked JVM and writes
 * {@code autoencoder/model.zip} (plain DL4J), {@code model.onnx} and {@code history.json} (losses per epoch) under
 * the output directory, or takes them from the stage cache when its inputs were trained before. Runs after
 * fetch-dataset, whose manifest names the data. The models are attached as the {@code autoencoder} zip and onnx
 * artifacts, the model card as {@code autoencoder-card} json.
 */
@Mojo(name = "train-autoencoder", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainAutoencoderMojo extends AbstractStudyMojo {

  @Override
  String goal() {
    return "train-autoencoder";
  }

  @Override
  void validate() throws MojoExecutionException {
    autoencoderSpec();
    autoencoderSettings();
    trainingRequest();
  }

  @Override
  List<Path> outputFolders() {
    return List.of(stageDirectory(AutoencoderStage.NAME));
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException, ReproducibilityException {
    build.study().autoencoder(new StudyBuild.AutoencoderRequest(trainingRequest(), shard(),
        stageDirectory(AutoencoderStage.NAME), autoencoderSpec(), autoencoderSettings()), buildLog())
        .forEach(this::attachModels);
  }
}
