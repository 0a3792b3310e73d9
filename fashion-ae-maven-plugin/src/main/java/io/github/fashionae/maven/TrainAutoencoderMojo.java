package io.github.fashionae.maven;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.training.Shard;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.training.TrainingRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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
public class TrainAutoencoderMojo extends AbstractAutoencoderMojo {

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
  void run() throws MojoExecutionException, MojoFailureException {
    AutoencoderSpec shape = autoencoderSpec();
    TrainingSettings settings = autoencoderSettings();
    TrainingRequest request = trainingRequest();
    StageTrainer trainer = trainer(request);
    Path directory = stageDirectory(AutoencoderStage.NAME);
    Optional<Shard> share = shard();
    if (share.isPresent() && !share.get().owns(Shard.BASELINE)) {
      provideStage(() -> trainer.provideAutoencoder(directory, shape, settings), directory, share.get());
      return;
    }
    trainStage(() -> trainer.autoencoder(directory, shape, settings), directory);
  }
}
