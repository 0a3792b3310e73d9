package io.github.fashionae.maven;

import io.github.fashionae.model.InvalidParameterException;
import io.github.fashionae.training.TrainingJob;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains the study's convolutional autoencoder on Fashion-MNIST in a forked JVM and writes
 * {@code autoencoder/model.zip} and {@code autoencoder/history.json} (losses per epoch) under the output
 * directory. Runs after fetch-dataset, whose manifest names the data.
 */
@Mojo(name = "train-autoencoder", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainAutoencoderMojo extends AbstractAutoencoderMojo {

  /** The stage's folder under the output directory. */
  static final String STAGE = "autoencoder";

  @Override
  String goal() {
    return "train-autoencoder";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    TrainingJob job;
    try {
      job = new TrainingJob(STAGE, TrainingJob.Kind.AUTOENCODER, dataset(), autoencoderSpec(), null, null, null,
          autoencoderSettings(), dataOptions(), threads,
          engine(), stageDirectory(STAGE).toString(), archiveTime(), null, 0);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
    trainStage(job, String.format(Locale.ROOT, "the autoencoder (latent size %d%s, dropout %s, %s lr %s, batch %d, "
            + "%d epochs, seed %d)", latentSize, linearBottleneck ? "" : ", no linear bottleneck", dropout,
        job.settings().optimizer().label(), learningRate, batchSize, epochs, seed));
  }
}
