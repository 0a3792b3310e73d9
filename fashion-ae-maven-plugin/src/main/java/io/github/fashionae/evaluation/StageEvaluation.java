package io.github.fashionae.evaluation;

import io.github.fashionae.training.TrainingJob;
import java.util.List;
import java.util.Optional;

/**
 * One stage's model measured on the official test images: what {@code evaluation.json} holds, with sorted
 * keys and no timestamps.
 *
 * @param stage the stage's name
 * @param kind autoencoder or classifier
 * @param modelSha256 the SHA-256 of the model evaluated
 * @param testImagesSha256 the payload SHA-256 of the test images
 * @param testExamples how many test images were evaluated
 * @param mse autoencoder only: per-pixel mean squared error, dropout off
 * @param crossEntropy classifier only: mean cross-entropy
 * @param accuracy classifier only: the fraction classified correctly
 * @param macroF1 classifier only: the unweighted mean of the per-class F1 scores
 * @param confusionMatrix classifier only: counts, rows actual classes, columns predicted ones
 * @param perClass classifier only: precision, recall, F1 and support per class
 * @param samples autoencoder only: the first test image of each class, its reconstruction by the trained
 *     network and by the untrained one (the same architecture and seed, before any training)
 * @param engine the engine that evaluated: DL4J version, natives, helpers, threads
 */
public record StageEvaluation(String stage, TrainingJob.Kind kind, String modelSha256, String testImagesSha256,
                              int testExamples, Double mse, Double crossEntropy, Double accuracy, Double macroF1,
                              long[][] confusionMatrix, List<ConfusionMatrix.ClassMetrics> perClass,
                              List<Sample> samples, String engine) {

  public StageEvaluation {
    perClass = perClass == null ? List.of() : List.copyOf(perClass);
    samples = samples == null ? List.of() : List.copyOf(samples);
  }

  /**
   * One test image and its reconstructions, each 28×28 grey pixels, row by row, one byte each (0 black,
   * 255 white), base64-encoded.
   *
   * @param index the image's index in the test file
   * @param label its class
   * @param className its class's name
   * @param original the image
   * @param reconstruction the trained autoencoder's output
   * @param untrained the untrained autoencoder's output
   */
  public record Sample(int index, int label, String className, String original, String reconstruction,
                       String untrained) {
  }

  /** The metric's value, when this stage's kind has it. */
  public Optional<Double> value(Metric metric) {
    return Optional.ofNullable(switch (metric) {
      case MSE -> mse;
      case CROSS_ENTROPY -> crossEntropy;
      case ACCURACY -> accuracy;
      case MACRO_F1 -> macroF1;
    });
  }
}
