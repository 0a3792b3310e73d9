package io.github.fashionae.evaluation;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.TrainingJob;
import java.util.List;
import java.util.Objects;

/**
 * What the forked evaluation JVM measures, handed to it as JSON.
 *
 * @param items the models to evaluate
 * @param testImages the official test images
 * @param testLabels their labels
 * @param threads the OpenMP thread count
 */
public record EvaluationJob(List<Item> items, TrainingJob.DataFile testImages, TrainingJob.DataFile testLabels,
                            int threads) {

  public EvaluationJob {
    items = List.copyOf(items);
    Objects.requireNonNull(testImages, "testImages");
    Objects.requireNonNull(testLabels, "testLabels");
  }

  /**
   * One model.
   *
   * @param stage the stage's name
   * @param kind autoencoder or classifier
   * @param model the model file
   * @param modelSha256 its SHA-256
   * @param autoencoder autoencoders only: the shape, to rebuild the untrained network (Fig. 1)
   * @param settings autoencoders only: the settings whose seed initialised it
   */
  public record Item(String stage, TrainingJob.Kind kind, String model, String modelSha256,
                     AutoencoderSpec autoencoder, TrainingSettings settings) {
  }
}
