package io.github.fashionae.bench;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.engine.Stages;
import io.github.fashionae.model.InputConvolutionLayer;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The study's autoencoder trained side by side by the native and the portable numerics from the same initial
 * parameters, on the same minibatches, with the same dropout masks (ND4J's generator seeded alike before each
 * step): the losses must stay close, where a wrong gradient would make them part. Prints the mean training loss of
 * every {@code EVERY} steps and the relative distance between the parameters. Not a test: a check by eye.
 *
 * <p>Usage: {@code PortableVsNative STEPS [DATA_DIRECTORY] [DROPOUT]}.
 */
public final class PortableVsNative {

  private static final int EVERY = 50;

  private PortableVsNative() {
  }

  public static void main(String[] args) throws Exception {
    int steps = Integer.parseInt(args[0]);
    LabeledImages data = TrainingBench.trainingImages(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
    double dropout = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
    TrainingSettings settings = new TrainingSettings(Optimizer.ADAM, 0.001, dropout, 100, 30, 42);
    MultiLayerNetwork nativeNet = Stages.newAutoencoder(Defaults.autoencoder(), settings, false);
    MultiLayerNetwork portableNet = Stages.portable(nativeNet);
    InputConvolutionLayer.skipInputGradient(nativeNet);
    InputConvolutionLayer.skipInputGradient(portableNet);
    double nativeSum = 0;
    double portableSum = 0;
    for (int step = 0; step < steps; step++) {
      int from = (step * 100) % (data.count() - 100);
      DataSet batch = new DataSet(TrainingBench.features(data, from), TrainingBench.features(data, from));
      Nd4j.getRandom().setSeed(1000 + step);
      nativeNet.fit(batch);
      nativeSum += nativeNet.score();
      Nd4j.getRandom().setSeed(1000 + step);
      portableNet.fit(batch);
      portableSum += portableNet.score();
      if ((step + 1) % EVERY == 0) {
        double distance = nativeNet.params().distance2(portableNet.params()) / nativeNet.params().norm2Number()
            .doubleValue();
        System.out.printf(Locale.ROOT, "steps %5d  native %.5f  portable %.5f  parameters' relative distance %.2e%n",
            step + 1, nativeSum / EVERY, portableSum / EVERY, distance);
        nativeSum = 0;
        portableSum = 0;
      }
    }
  }
}
