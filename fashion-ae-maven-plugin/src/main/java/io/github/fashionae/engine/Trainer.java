package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.model.InputConvolutionLayer;
import io.github.fashionae.model.PortableLayers;
import io.github.fashionae.stage.ConfusionMatrix;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.util.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop shared by both networks. Every random choice is drawn from the seed and the epoch number
 * (the shuffle of the training examples, and ND4J's generator that draws the dropout masks), so a run is a
 * pure function of its inputs at a given thread count, and an epoch can be replayed on its own.
 */
public final class Trainer {

  /**
   * Examples per forward pass when evaluating: the training batch size. Larger passes are slower, not faster: with
   * 1,000 images the first convolution's output (43 MB) is above glibc's largest mmap threshold (32 MB), so every
   * pass maps fresh memory and faults in every page of it; on a 2-core Zen5 VM an epoch's evaluation took 30 s in
   * passes of 1,000 and 7 s in passes of 100 (training revision 3).
   */
  static final int EVAL_BATCH = 100;

  /** Told about each finished epoch. */
  @FunctionalInterface
  public interface Listener {
    void epochFinished(EpochRecord record, int epochs);
  }

  /** What the network learns: to reconstruct its input, or to classify it. */
  public enum Task {
    RECONSTRUCT,
    CLASSIFY
  }

  /** A network's inputs for examples {@code indices[from..to)} of {@code images}. */
  @FunctionalInterface
  interface Inputs {
    INDArray of(LabeledImages images, int[] indices, int from, int to);
  }

  private final MultiLayerNetwork net;
  private final Task task;
  private final DataSplit data;
  private final TrainingSettings settings;
  /** A frozen classifier's encoder, whose features are computed once: then only its head trains. */
  private final FrozenEncoder frozen;
  /** Where each epoch's evaluation runs. */
  private final EvaluationWorkers workers;

  /**
   * Trains {@code net}, which from now on skips gradients nothing uses (see {@link InputConvolutionLayer}); a
   * classifier with a frozen encoder trains its head on the encoder's features, computed once
   * ({@link FrozenEncoder}). Evaluates on the calling thread.
   */
  public Trainer(MultiLayerNetwork net, Task task, DataSplit data, TrainingSettings settings) {
    this(net, task, data, settings, 1);
  }

  /**
   * As {@link #Trainer(MultiLayerNetwork, Task, DataSplit, TrainingSettings)}, with each epoch's evaluation spread
   * over {@code evaluationWorkers} threads ({@link EvaluationWorkers}): the same numbers, sooner where cores are
   * spare.
   */
  public Trainer(MultiLayerNetwork net, Task task, DataSplit data, TrainingSettings settings, int evaluationWorkers) {
    this(net, task, data, settings, true, evaluationWorkers);
  }

  /** {@code frozenFeatures} false: a frozen encoder runs for every minibatch, as before (for the tests). */
  Trainer(MultiLayerNetwork net, Task task, DataSplit data, TrainingSettings settings, boolean frozenFeatures) {
    this(net, task, data, settings, frozenFeatures, 1);
  }

  private Trainer(MultiLayerNetwork net, Task task, DataSplit data, TrainingSettings settings, boolean frozenFeatures,
                  int evaluationWorkers) {
    InputConvolutionLayer.skipInputGradient(net);
    this.net = net;
    this.task = task;
    this.data = data;
    this.settings = settings;
    this.frozen = task == Task.CLASSIFY && frozenFeatures ? FrozenEncoder.of(net).orElse(null) : null;
    this.workers = new EvaluationWorkers(evaluationWorkers);
  }

  /** Trains every epoch, telling {@code listener} after each one. */
  public List<EpochRecord> train(Listener listener) {
    return train(List.of(), listener);
  }

  /**
   * Trains the epochs after those of {@code previous} (restored from a checkpoint, with this trainer's
   * network), telling {@code listener} after each one.
   */
  public List<EpochRecord> train(List<EpochRecord> previous, Listener listener) {
    List<EpochRecord> history = new ArrayList<>(previous);
    try (workers) {
      for (int epoch = previous.size() + 1; epoch <= settings.epochs(); epoch++) {
        EpochRecord record = trainEpoch(epoch);
        history.add(record);
        listener.epochFinished(record, settings.epochs());
      }
    }
    return history;
  }

  /** One epoch: a seeded shuffle, one pass of minibatches, then evaluation on training and validation data. */
  EpochRecord trainEpoch(int epoch) {
    long start = System.nanoTime();
    long epochSeed = epochSeed(settings.seed(), epoch);
    Nd4j.getRandom().setSeed(epochSeed);
    int[] order = data.trainIndices().clone();
    DataSplit.shuffle(order, new SplittableRandom(epochSeed));
    MultiLayerNetwork trained = frozen == null ? net : frozen.head();
    Inputs inputs = frozen == null ? Batches::features : frozen::features;
    double lossSum = 0;
    for (int from = 0; from < order.length; from += settings.batchSize()) {
      int to = Math.min(order.length, from + settings.batchSize());
      INDArray features = inputs.of(data.train(), order, from, to);
      INDArray labels = task == Task.RECONSTRUCT ? features : Batches.oneHot(data.train(), order, from, to);
      trained.fit(new DataSet(features, labels));
      lossSum += trained.score() * (to - from);
    }
    if (frozen != null) {
      frozen.toClassifier();
    }
    Evaluation onTrain = evaluate(trained, task, data.train(), data.trainIndices(), null, inputs, workers);
    Evaluation onValidation = evaluate(trained, task, data.validation(), data.validationIndices(), null, inputs,
        workers);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EpochRecord(epoch, lossSum / order.length, onTrain.loss(), onValidation.loss(),
        onTrain.accuracy(), onValidation.accuracy(), seconds);
  }

  /** Loss (and accuracy) of {@code net} in evaluation mode, computed here rather than by DL4J's score. */
  public static Evaluation evaluate(MultiLayerNetwork net, Task task, LabeledImages images,
                                    int[] indices) {
    return evaluate(net, task, images, indices, null);
  }

  /** As {@link #evaluate(MultiLayerNetwork, Task, LabeledImages, int[])}, also counting a classifier's predictions. */
  public static Evaluation evaluate(MultiLayerNetwork net, Task task, LabeledImages images,
                                    int[] indices, ConfusionMatrix.Counter confusion) {
    return evaluate(net, task, images, indices, confusion, Batches::features, new EvaluationWorkers(1));
  }

  /**
   * As {@link #evaluate(MultiLayerNetwork, Task, LabeledImages, int[], ConfusionMatrix.Counter)}, on {@code inputs},
   * with the minibatches' forward passes spread over {@code workers}. Each minibatch gives its squared error
   * (reconstruction) or its probabilities (classification), and they are folded here in minibatch order: the same
   * sums whatever the workers.
   */
  static Evaluation evaluate(MultiLayerNetwork net, Task task, LabeledImages images, int[] indices,
                             ConfusionMatrix.Counter confusion, Inputs inputs, EvaluationWorkers workers) {
    int batches = (indices.length + EVAL_BATCH - 1) / EVAL_BATCH;
    boolean portable = PortableLayers.isPortable(net.getLayerWiseConfigurations());
    List<BatchOutput> outputs = workers.run(net, batches, (network, batch) -> {
      int from = batch * EVAL_BATCH;
      INDArray features = inputs.of(images, indices, from, Math.min(indices.length, from + EVAL_BATCH));
      INDArray output = network.output(features, false);
      if (task == Task.CLASSIFY) {
        return new BatchOutput(0, output.toFloatMatrix());
      }
      // the portable numerics sum the squared errors in a fixed order; ND4J's reduction does not
      return new BatchOutput(portable ? squaredError(output, features) : output.squaredDistance(features), null);
    });
    double lossSum = 0;
    long correct = 0;
    for (int batch = 0; batch < batches; batch++) {
      if (task == Task.RECONSTRUCT) {
        lossSum += outputs.get(batch).squaredError();
        continue;
      }
      float[][] probabilities = outputs.get(batch).probabilities();
      int from = batch * EVAL_BATCH;
      for (int row = 0; row < probabilities.length; row++) {
        int label = images.label(indices[from + row]);
        double p = Math.max(probabilities[row][label], 1e-12);
        lossSum -= portable ? StrictMath.log(p) : Math.log(p);
        int predicted = argmax(probabilities[row]);
        if (predicted == label) {
          correct++;
        }
        if (confusion != null) {
          confusion.add(label, predicted);
        }
      }
    }
    if (task == Task.RECONSTRUCT) {
      return new Evaluation(lossSum / ((double) indices.length * io.github.fashionae.model.Networks.PIXELS), null);
    }
    return new Evaluation(lossSum / indices.length, (double) correct / indices.length);
  }

  /** The sum of the squared differences of two arrays of one shape, in row-major order, in double. */
  static double squaredError(INDArray output, INDArray target) {
    float[] a = output.dup('c').data().asFloat();
    float[] b = target.castTo(output.dataType()).dup('c').data().asFloat();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double difference = (double) a[i] - b[i];
      sum += difference * difference;
    }
    return sum;
  }

  /** One evaluation minibatch's result: its summed squared error (reconstruction) or its probabilities. */
  private record BatchOutput(double squaredError, float[][] probabilities) {
  }

  /** A loss, and an accuracy for classifiers (null otherwise). */
  public record Evaluation(double loss, Double accuracy) {
  }

  /** SHA-256 of the network's parameters as big-endian floats: equal digests mean bit-identical weights. */
  public static String parameterDigest(INDArray parameters) {
    float[] values = parameters.dup('c').data().asFloat();
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.asFloatBuffer().put(values);
    MessageDigest digest = Sha256.newDigest();
    digest.update(bytes.array());
    return Sha256.hex(digest);
  }

  static long epochSeed(long seed, int epoch) {
    return new SplittableRandom(seed).split().nextLong() ^ (epoch * 0x9E3779B97F4A7C15L);
  }

  /** The index of the largest value: a classifier's predicted class. */
  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
