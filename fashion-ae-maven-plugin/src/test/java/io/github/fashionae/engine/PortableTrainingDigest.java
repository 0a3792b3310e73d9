package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.model.Networks;
import io.github.fashionae.model.PortableLayers;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The study's autoencoder and fine-tuned classifier in portable form, trained one epoch on 200 real images, and
 * the digests of their parameters: run in JVMs with flags that change the JIT's machine code, and with 1 and 2
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

    MultiLayerConfiguration autoencoderConf = Networks.autoencoder(Defaults.autoencoder(), settings);
    MultiLayerNetwork autoencoder = new MultiLayerNetwork(portable ? PortableLayers.of(autoencoderConf)
        : autoencoderConf);
    autoencoder.init();
    new Trainer(autoencoder, Trainer.Task.RECONSTRUCT, split, settings).train((record, epochs) -> { });
    System.out.println("autoencoder " + Trainer.parameterDigest(autoencoder.params()));

    MultiLayerConfiguration classifierConf = Networks.classifier(Defaults.autoencoder().latentSize(),
        ClassifierMode.FINETUNE, settings);
    MultiLayerNetwork classifier = new MultiLayerNetwork(portable ? PortableLayers.of(classifierConf)
        : classifierConf);
    classifier.init();
    new Trainer(classifier, Trainer.Task.CLASSIFY, split, settings).train((record, epochs) -> { });
    System.out.println("classifier " + Trainer.parameterDigest(classifier.params()));
  }
}
