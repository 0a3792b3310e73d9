package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The study's three models in portable form, as the engine builds them ({@link Stages}: the weights drawn from the
 * seed, the classifiers' encoders copied from the autoencoder), each trained one epoch on 200 real images, and the
 * digests of their parameters: run in JVMs with flags that change the JIT's machine code, and with 1 and 2
 * threads, and on every CPU CI meets, it must print the same ({@code PortableTrainingTest}). With the argument
 * {@code native}, the networks as the native engine trains them, for contrast. Not a test itself.
 */
public final class PortableTrainingDigest {

  private PortableTrainingDigest() {
  }

  public static void main(String[] args) {
    boolean portable = args.length == 0 || !args[0].equals("native");
    LabeledImages data = RealData.testSet();
    DataSplit split = DataSplit.of(data, data, new DataOptions(ValidationSet.HOLDOUT, 50, 200), 3);
    TrainingSettings settings = new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, 1, 3);

    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), settings, portable);
    new Trainer(autoencoder, Trainer.Task.RECONSTRUCT, split, settings).train((record, epochs) -> { });
    System.out.println("autoencoder " + Trainer.parameterDigest(autoencoder.params()));

    for (ClassifierMode mode : ClassifierMode.values()) {
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, mode, settings, portable);
      new Trainer(classifier, Trainer.Task.CLASSIFY, split, settings).train((record, epochs) -> { });
      System.out.println("classifier-" + mode.name().toLowerCase(java.util.Locale.ROOT) + " "
          + Trainer.parameterDigest(classifier.params()));
    }
  }
}
