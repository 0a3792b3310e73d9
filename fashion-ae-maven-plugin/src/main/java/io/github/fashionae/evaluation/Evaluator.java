package io.github.fashionae.evaluation;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.model.Networks;
import io.github.fashionae.training.Batches;
import io.github.fashionae.training.Stages;
import io.github.fashionae.training.Trainer;
import io.github.fashionae.training.TrainingJob;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Measures a trained network on the test images, in evaluation mode (dropout off). Runs in the engine's JVM. */
public final class Evaluator {

  private Evaluator() {
  }

  /** The stage's metrics on every image of {@code test}. */
  public static StageEvaluation evaluate(EvaluationJob.Item item, MultiLayerNetwork net, LabeledImages test,
                                         String testImagesSha256, String engine) {
    int[] all = IntStream.range(0, test.count()).toArray();
    if (item.kind() == TrainingJob.Kind.AUTOENCODER) {
      double mse = Trainer.evaluate(net, Trainer.Task.RECONSTRUCT, test, all).loss();
      MultiLayerNetwork untrained = Stages.newAutoencoder(item.autoencoder(), item.settings());
      return new StageEvaluation(item.stage(), item.kind(), item.modelSha256(), testImagesSha256, all.length, mse,
          null, null, null, null, null, samples(net, untrained, test), engine);
    }
    ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter(FashionMnist.CLASSES);
    double crossEntropy = Trainer.evaluate(net, Trainer.Task.CLASSIFY, test, all, counter).loss();
    ConfusionMatrix confusion = counter.toMatrix();
    return new StageEvaluation(item.stage(), item.kind(), item.modelSha256(), testImagesSha256, all.length, null,
        crossEntropy, confusion.accuracy(), confusion.macroF1(), confusion.counts(),
        confusion.perClass(FashionMnist.CLASS_NAMES), null, engine);
  }

  /** The first image of each class present, in class order, with both networks' reconstructions. */
  static List<StageEvaluation.Sample> samples(MultiLayerNetwork trained, MultiLayerNetwork untrained,
                                              LabeledImages test) {
    int[] first = firstOfEachClass(test);
    INDArray features = Batches.features(test, first, 0, first.length);
    float[][] reconstructions = trained.output(features, false).toFloatMatrix();
    float[][] garbage = untrained.output(features, false).toFloatMatrix();
    float[][] originals = features.toFloatMatrix();
    List<StageEvaluation.Sample> samples = new ArrayList<>();
    for (int i = 0; i < first.length; i++) {
      int label = test.label(first[i]);
      samples.add(new StageEvaluation.Sample(first[i], label, FashionMnist.CLASS_NAMES.get(label),
          encode(originals[i]), encode(reconstructions[i]), encode(garbage[i])));
    }
    return samples;
  }

  /** Indices of the first image of each class that occurs, ordered by class. */
  static int[] firstOfEachClass(LabeledImages images) {
    int[] first = new int[FashionMnist.CLASSES];
    java.util.Arrays.fill(first, -1);
    for (int i = 0; i < images.count(); i++) {
      if (first[images.label(i)] < 0) {
        first[images.label(i)] = i;
      }
    }
    return java.util.Arrays.stream(first).filter(i -> i >= 0).toArray();
  }

  /** Pixels in [0, 1] as base64 grey bytes, rounded and clamped. */
  static String encode(float[] pixels) {
    if (pixels.length != Networks.PIXELS) {
      throw new IllegalArgumentException("expected " + Networks.PIXELS + " pixels, found " + pixels.length);
    }
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(pixels[i] * 255f)));
    }
    return Base64.getEncoder().encodeToString(bytes);
  }
}
