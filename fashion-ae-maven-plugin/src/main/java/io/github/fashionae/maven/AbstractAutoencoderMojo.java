package io.github.fashionae.maven;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** The autoencoder's shape and settings: trained by train-autoencoder, the baseline of the experiments. */
abstract class AbstractAutoencoderMojo extends AbstractTrainingMojo {

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
  Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(sharedProperties());
    properties.putAll(Map.of("latentSize", "fashionae.latentSize", "dropout", "fashionae.autoencoder.dropout",
        "learningRate", "fashionae.autoencoder.learningRate", "optimizer", "fashionae.autoencoder.optimizer"));
    return properties;
  }

  /** The autoencoder's shape, validated. */
  AutoencoderSpec autoencoderSpec() {
    return new AutoencoderSpec(latentSize, linearBottleneck);
  }

  /** The autoencoder's training settings, validated. */
  TrainingSettings autoencoderSettings() {
    return new TrainingSettings(Optimizer.parse("optimizer", optimizer), learningRate, dropout, batchSize, epochs,
        seed);
  }
}
