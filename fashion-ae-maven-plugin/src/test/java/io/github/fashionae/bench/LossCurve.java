package io.github.fashionae.bench;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.engine.DataSplit;
import io.github.fashionae.engine.Stages;
import io.github.fashionae.engine.Trainer;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Prints the autoencoder's loss curve on a slice: LossCurve TRAIN_LIMIT EPOCHS [SEED]. A diagnostic, not a test. */
public final class LossCurve {

  private LossCurve() {
  }

  public static void main(String[] args) throws Exception {
    int limit = Integer.parseInt(args[0]);
    int epochs = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    double dropout = args.length > 3 ? Double.parseDouble(args[3]) : 0.2;
    Path directory = Path.of(FashionMnist.DEBIAN_DIRECTORY);
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LabeledImages train = IdxReader.readLabeled(directory.resolve(FashionMnist.TRAIN_IMAGES.gzipName()),
        directory.resolve(FashionMnist.TRAIN_LABELS.gzipName()));
    TrainingSettings settings = new TrainingSettings(Optimizer.ADAM, 0.001, dropout, 100, epochs, seed);
    DataSplit split = DataSplit.of(train, train, new DataOptions(ValidationSet.HOLDOUT, 2000, limit), seed);
    MultiLayerNetwork net = Stages.newAutoencoder(Defaults.autoencoder(), settings);
    System.out.println("helpers " + io.github.fashionae.engine.Engine.oneDnnHelpersInUse(net));
    new Trainer(net, Trainer.Task.RECONSTRUCT, split, settings).train((EpochRecord r, int n) ->
        System.out.printf(Locale.ROOT, "epoch %d: loss %.5f eval %.5f val %.5f %.1fs%n", r.epoch(), r.trainLoss(),
            r.trainLossEval(), r.validationLoss(), r.seconds()));
  }
}
