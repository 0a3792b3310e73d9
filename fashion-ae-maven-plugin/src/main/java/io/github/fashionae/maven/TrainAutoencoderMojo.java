package io.github.fashionae.maven;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.TrainingJob;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the study's convolutional autoencoder on Fashion-MNIST in a forked JVM and writes
 * {@code autoencoder/model.zip} and {@code autoencoder/history.json} (losses per epoch) under the output
 * directory. Runs after fetch-dataset, whose manifest names the data.
 */
@Mojo(name = "train-autoencoder", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainAutoencoderMojo extends AbstractTrainingMojo {

  /** The stage's folder under the output directory. */
  static final String STAGE = "autoencoder";

  /** Size n of the latent code. */
  @Parameter(property = "fashionae.latentSize", defaultValue = "64")
  int latentSize;

  /**
   * Keep the linear layers between the convolutions and the transposed convolutions; false trains the
   * study's ablation (Fig. 6).
   */
  @Parameter(property = "fashionae.linearBottleneck", defaultValue = "true")
  boolean linearBottleneck;

  /** Probability to drop an activation (PyTorch's p), in [0, 1). */
  @Parameter(property = "fashionae.autoencoder.dropout", defaultValue = "0.2")
  double dropout;

  /** Learning rate of the optimizer. */
  @Parameter(property = "fashionae.autoencoder.learningRate", defaultValue = "0.001")
  double learningRate;

  /** The optimizer: {@code adam} or {@code sgd}. */
  @Parameter(property = "fashionae.autoencoder.optimizer", defaultValue = "adam")
  String optimizer;

  @Override
  String goal() {
    return "train-autoencoder";
  }

  @Override
  Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(sharedProperties());
    properties.putAll(Map.of("latentSize", "fashionae.latentSize", "dropout", "fashionae.autoencoder.dropout",
        "learningRate", "fashionae.autoencoder.learningRate", "optimizer", "fashionae.autoencoder.optimizer"));
    return properties;
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    TrainingJob job;
    try {
      TrainingSettings settings = new TrainingSettings(Optimizer.parse("optimizer", optimizer), learningRate, dropout,
          batchSize, epochs, seed);
      job = new TrainingJob(STAGE, TrainingJob.Kind.AUTOENCODER, dataset(),
          new AutoencoderSpec(latentSize, linearBottleneck), null, null, null, settings, dataOptions(), threads,
          engine(), stageDirectory(STAGE).toString(), archiveTime(), null, 0);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    trainStage(job, String.format(Locale.ROOT, "the autoencoder (latent size %d%s, dropout %s, %s lr %s, batch %d, "
            + "%d epochs, seed %d)", latentSize, linearBottleneck ? "" : ", no linear bottleneck", dropout,
        job.settings().optimizer().label(), learningRate, batchSize, epochs, seed));
  }
}
