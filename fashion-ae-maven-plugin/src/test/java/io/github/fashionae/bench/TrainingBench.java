package io.github.fashionae.bench;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.engine.Stages;
import io.github.fashionae.model.InputConvolutionLayer;
import io.github.fashionae.model.Networks;
import io.github.fashionae.model.PortableArrays;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times training minibatches of the study's networks on the real data, as {@code bench/pytorch/study_nets.py}
 * does for PyTorch: 5 untimed warm-up batches, then N timed batches of 100 in file order. Run by
 * {@code bench/train-speed} with the forked training JVM's options; not a test.
 *
 * <p>Prints {@code dl4j net=<net> threads=<T> batches=<N> seconds=<s> per_batch_ms=<ms> epoch_s=<s>
 * peak_rss_mb=<mb>}, where epoch_s extrapolates to one pass over 50,000 training images.
 */
public final class TrainingBench {

  /** The engine's numerics, as the plugin's {@code fashionae.numerics}: {@code portable} or {@code native}. */
  static final boolean PORTABLE = !System.getProperty("fashionae.numerics", "portable").equals("native");

  private TrainingBench() {
  }

  public static void main(String[] args) throws Exception {
    String net = args[0];
    int batches = Integer.parseInt(args[1]);
    LabeledImages data = trainingImages(args.length > 2 ? args[2] : FashionMnist.DEBIAN_DIRECTORY);
    MultiLayerNetwork network = network(net, args.length > 3 ? Double.parseDouble(args[3]) : 0.2);
    boolean classify = net.equals("classifier");
    int warmup = 5;
    long start = 0;
    for (int batch = 0; batch < warmup + batches; batch++) {
      if (batch == warmup) {
        start = System.nanoTime();
      }
      int from = (batch * 100) % (data.count() - 100);
      INDArray features = features(data, from);
      INDArray labels = classify ? oneHot(data, from) : features;
      network.fit(new DataSet(features, labels));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "dl4j net=%s numerics=%s threads=%s batches=%d seconds=%.4f per_batch_ms=%.3f "
            + "epoch_s=%.1f peak_rss_mb=%d%n", net, PORTABLE ? "portable" : "native",
        threads(), batches, seconds, seconds * 1000 / batches, seconds / batches * 500, peakRssMegabytes());
  }

  /**
   * The threads the engine computes on: the portable numerics' ({@link io.github.fashionae.numerics.Parallel}), or
   * OpenMP's for the native engine.
   */
  static String threads() {
    return PORTABLE ? Integer.toString(io.github.fashionae.numerics.Parallel.threads())
        : System.getenv().getOrDefault("OMP_NUM_THREADS", "?");
  }

  /** The real training images and labels from {@code directory}, with ND4J set to floats. */
  static LabeledImages trainingImages(String directory) throws java.io.IOException {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    Path path = Path.of(directory);
    return IdxReader.readLabeled(path.resolve(FashionMnist.TRAIN_IMAGES.gzipName()),
        path.resolve(FashionMnist.TRAIN_LABELS.gzipName()));
  }

  /**
   * The study's {@code net} ("autoencoder", or "classifier": fine-tuned, on an untrained autoencoder) with the
   * baseline's settings and {@code dropout}, skipping the input gradient as the trainer does.
   */
  static MultiLayerNetwork network(String net, double dropout) {
    TrainingSettings settings = new TrainingSettings(io.github.fashionae.stage.Optimizer.ADAM, 0.001, dropout, 100, 30,
        42);
    boolean portable = PORTABLE;
    MultiLayerNetwork network = switch (net) {
      case "autoencoder" -> Stages.newAutoencoder(Defaults.autoencoder(), settings, portable);
      case "classifier" -> Stages.newClassifier(Stages.newAutoencoder(Defaults.autoencoder(), settings, portable),
          ClassifierMode.FINETUNE, settings, portable);
      default -> throw new IllegalArgumentException("net: expected autoencoder or classifier, found " + net);
    };
    InputConvolutionLayer.skipInputGradient(network);
    return network;
  }

  static INDArray features(LabeledImages data, int from) {
    return features(data, from, 100);
  }

  static INDArray features(LabeledImages data, int from, int count) {
    float[] values = new float[count * Networks.PIXELS];
    byte[] pixels = data.images().pixels();
    for (int i = 0; i < values.length; i++) {
      values[i] = (pixels[from * Networks.PIXELS + i] & 0xff) / 255f;
    }
    return PortableArrays.array(values, count, Networks.PIXELS); // as the trainer's Batches
  }

  static INDArray oneHot(LabeledImages data, int from) {
    float[] values = new float[100 * 10];
    for (int i = 0; i < 100; i++) {
      values[i * 10 + data.label(from + i)] = 1f;
    }
    return PortableArrays.array(values, 100, 10);
  }

  /** VmHWM of this process, in MB (Linux); -1 elsewhere. */
  private static long peakRssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
