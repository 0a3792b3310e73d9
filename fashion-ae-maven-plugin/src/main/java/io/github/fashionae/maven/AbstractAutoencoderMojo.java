package io.github.fashionae.maven;

import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.TrainingSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The autoencoder's shape and settings: trained by train-autoencoder, the baseline of the experiments. */
abstract class AbstractAutoencoderMojo extends AbstractTrainingMojo {

  /**
   * Size n of the latent code, the linear bottleneck's width, e.g. {@code 64}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.latentSize", defaultValue = "64")
  int latentSize;

  /**
   * Keep the linear layers between the convolutions and the transposed convolutions; {@code false} trains the
   * study's ablation (Fig. 6).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.linearBottleneck", defaultValue = "true")
  boolean linearBottleneck;

  /**
   * The autoencoder's probability to drop an activation (PyTorch's p), in [0, 1), e.g. {@code 0.2}. The property
   * {@code fashionae.autoencoder.dropout} of earlier snapshots still works, with a deprecation warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.dropout", defaultValue = "0.2")
  double dropout;

  /**
   * The autoencoder's learning rate, above 0, e.g. {@code 0.001} ({@code fashionae.autoencoder.learningRate}
   * is deprecated).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.learningRate", defaultValue = "0.001")
  double learningRate;

  /**
   * The autoencoder's optimizer: {@code adam} or {@code sgd} ({@code fashionae.autoencoder.optimizer} is
   * deprecated).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.optimizer", defaultValue = "adam")
  String optimizer;

  /** The autoencoder's shape, validated. */
  AutoencoderSpec autoencoderSpec() throws MojoExecutionException {
    try {
      return new AutoencoderSpec(latentSize, linearBottleneck);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }

  /** The autoencoder's training settings, validated. */
  TrainingSettings autoencoderSettings() throws MojoExecutionException {
    return settings("", optimizer, learningRate, dropout);
  }
}
