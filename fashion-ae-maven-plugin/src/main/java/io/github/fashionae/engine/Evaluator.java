package io.github.fashionae.engine;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.fork.Protocol.Event;
import io.github.fashionae.model.Networks;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.ConfusionMatrix;
import io.github.fashionae.stage.StageEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Measures a trained network on the test images, in evaluation mode (dropout off). Runs in the engine's JVM. */
final class Evaluator {

  private Evaluator() {
  }

  /** Evaluates every item of the task in this JVM, telling {@code protocol} about each. */
  static List<StageEvaluation> run(EngineTask.Evaluate task, PrintStream protocol) throws IOException {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LabeledImages test = IdxReader.readLabeled(Path.of(task.testImages()), Path.of(task.testLabels()));
    List<StageEvaluation> results = new ArrayList<>();
    for (EngineTask.Evaluate.Item item : task.items()) {
      long start = System.nanoTime();
      MultiLayerNetwork published = ModelSerializer.restoreMultiLayerNetwork(Path.of(item.model()).toFile(), false);
      MultiLayerNetwork net = EngineIdentity.isPortable(item.spec().engine()) ? Stages.portable(published)
          : published;
      StageEvaluation result = evaluate(item, net, test, task.testImagesSha256(), Engine.describe(net,
          task.threads()));
      results.add(result);
      protocol.println(Protocol.line(Event.INFO, String.format(Locale.ROOT, "%s: evaluated on %,d test "
          + "images in %.1f s", item.stage(), result.testExamples(), (System.nanoTime() - start) / 1e9)));
    }
    return results;
  }

  /** The stage's metrics on every image of {@code test}. */
  static StageEvaluation evaluate(EngineTask.Evaluate.Item item, MultiLayerNetwork net, LabeledImages test,
                                  String testImagesSha256, String engine) {
    int[] all = IntStream.range(0, test.count()).toArray();
    if (item.spec() instanceof AutoencoderStage autoencoder) {
      double mse = Trainer.evaluate(net, Trainer.Task.RECONSTRUCT, test, all).loss();
      MultiLayerNetwork untrained = Stages.newAutoencoder(autoencoder.autoencoder(), autoencoder.settings(),
          EngineIdentity.isPortable(autoencoder.engine()));
      return StageEvaluation.ofAutoencoder(item.stage(), item.modelSha256(), testImagesSha256, all.length, mse,
          samples(net, untrained, test), engine);
    }
    ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter(FashionMnist.CLASSES);
    double crossEntropy = Trainer.evaluate(net, Trainer.Task.CLASSIFY, test, all, counter).loss();
    return StageEvaluation.ofClassifier(item.stage(), item.modelSha256(), testImagesSha256, all.length,
        crossEntropy, counter.toMatrix(), counter.predictions(), engine);
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
    Arrays.fill(first, -1);
    for (int i = 0; i < images.count(); i++) {
      if (first[images.label(i)] < 0) {
        first[images.label(i)] = i;
      }
    }
    return Arrays.stream(first).filter(i -> i >= 0).toArray();
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
