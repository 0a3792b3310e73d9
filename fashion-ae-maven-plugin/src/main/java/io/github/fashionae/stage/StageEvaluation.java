package io.github.fashionae.stage;

import io.github.fashionae.dataset.FashionMnist;
import java.util.Base64;
import java.util.List;

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
 * @param predictions classifier only: the predicted class of every test image, in the test file's order, one byte
 *     each, base64-encoded (what McNemar's test against another model of the same images needs)
 */
public record StageEvaluation(String stage, StageKind kind, String modelSha256, String testImagesSha256,
                              int testExamples, Double mse, Double crossEntropy, Double accuracy, Double macroF1,
                              long[][] confusionMatrix, List<ConfusionMatrix.ClassMetrics> perClass,
                              List<Sample> samples, String engine, String predictions) {

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

  /** The evaluation of an autoencoder: its test MSE and sample reconstructions. */
  public static StageEvaluation ofAutoencoder(String stage, String modelSha256, String testImagesSha256,
                                              int testExamples, double mse, List<Sample> samples, String engine) {
    return new StageEvaluation(stage, StageKind.AUTOENCODER, modelSha256, testImagesSha256, testExamples, mse, null,
        null, null, null, null, samples, engine, null);
  }

  /** The evaluation of a classifier: its cross-entropy and what its confusion matrix says. */
  public static StageEvaluation ofClassifier(String stage, String modelSha256, String testImagesSha256,
                                             int testExamples, double crossEntropy, ConfusionMatrix confusion,
                                             byte[] predictions, String engine) {
    if (predictions.length != testExamples) {
      throw new IllegalArgumentException("expected a prediction for each of the " + testExamples + " test images, "
          + "found " + predictions.length);
    }
    return new StageEvaluation(stage, StageKind.CLASSIFIER, modelSha256, testImagesSha256, testExamples, null,
        crossEntropy, confusion.accuracy(), confusion.macroF1(), confusion.counts(),
        confusion.perClass(FashionMnist.CLASS_NAMES), null, engine, Base64.getEncoder().encodeToString(predictions));
  }

  /**
   * A classifier's predicted class of every test image, in the test file's order.
   *
   * @throws IllegalStateException for an evaluation without them (an autoencoder's, or one of an older revision)
   */
  public byte[] predictedClasses() {
    if (predictions == null) {
      throw new IllegalStateException(stage + "'s evaluation holds no predictions");
    }
    byte[] classes = Base64.getDecoder().decode(predictions);
    if (classes.length != testExamples) {
      throw new IllegalStateException(stage + "'s evaluation holds " + classes.length + " predictions for "
          + testExamples + " test images");
    }
    return classes;
  }
}
