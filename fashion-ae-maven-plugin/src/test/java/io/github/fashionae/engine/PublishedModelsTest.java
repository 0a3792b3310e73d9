package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.model.PortableNetworks;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The published models, on networks trained for two epochs on a slice of the real test images and compared on 500
 * real test images: {@code model.zip} names only DL4J's classes and infers what the trained network infers,
 * bit for bit; {@code model.onnx}, run by ONNX Runtime, agrees within 1e-5 and predicts the same classes.
 */
class PublishedModelsTest {

  private static final LabeledImages DATA = RealData.testSet();
  /** Adam at 0.005 in batches of 50: two epochs on 1,500 images teach even the frozen head something. */
  private static final TrainingSettings SETTINGS = new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 50, 2, 3);
  /** 500 real test images to compare outputs on. */
  private static final int[] HELD_OUT = IntStream.range(9500, 10000).toArray();
  private static final Map<String, MultiLayerNetwork> TRAINED = new LinkedHashMap<>();

  @TempDir
  Path dir;

  @BeforeAll
  static void train() {
    DataSplit split = DataSplit.of(DATA, DATA, new DataOptions(ValidationSet.HOLDOUT, 100, 1500), 3);
    MultiLayerNetwork autoencoder = Stages.newAutoencoder(Defaults.autoencoder(), SETTINGS);
    new Trainer(autoencoder, Trainer.Task.RECONSTRUCT, split, SETTINGS).train((r, n) -> { });
    TRAINED.put("autoencoder", autoencoder);
    for (ClassifierMode mode : ClassifierMode.values()) {
      MultiLayerNetwork classifier = Stages.newClassifier(autoencoder, mode, SETTINGS);
      new Trainer(classifier, Trainer.Task.CLASSIFY, split, SETTINGS).train((r, n) -> { });
      TRAINED.put("classifier-" + mode.name().toLowerCase(Locale.ROOT), classifier);
    }
  }

  private static INDArray images() {
    return Batches.features(DATA, HELD_OUT, 0, HELD_OUT.length);
  }

  private Path publish(String stage, MultiLayerNetwork net) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(stage));
    StageSpec spec = AutoencoderStage.of(Defaults.autoencoder(), SETTINGS,
        RealData.build(new DataOptions(ValidationSet.HOLDOUT, 100, 1500)));
    Training.writeModels(PortableNetworks.of(net), spec, folder);
    return folder;
  }

  @Test
  void theTrainingFormNamesThePluginsLayersAndThePublishedFormOnlyDl4js() {
    for (Map.Entry<String, MultiLayerNetwork> trained : TRAINED.entrySet()) {
      String training = trained.getValue().getLayerWiseConfigurations().toJson();
      String published = PortableNetworks.of(trained.getValue()).getLayerWiseConfigurations().toJson();

      assertThat(training).as(trained.getKey()).contains("io.github.fashionae.model.FastRelu");
      assertThat(published).as(trained.getKey()).doesNotContain("io.github.fashionae")
          .contains("org.nd4j.linalg.activations.impl.ActivationReLU");
    }
    String classifier = PortableNetworks.of(TRAINED.get("classifier-finetune")).getLayerWiseConfigurations().toJson();
    assertThat(classifier).contains("org.deeplearning4j.nn.conf.dropout.Dropout")
        .contains("org.deeplearning4j.nn.conf.layers.ConvolutionLayer");
    assertThat(PortableNetworks.of(TRAINED.get("classifier-frozen")).getLayerWiseConfigurations().toJson())
        .contains("org.deeplearning4j.nn.conf.layers.misc.FrozenLayer");
  }

  @Test
  void aPublishedModelLoadsBackWithTheTrainedParametersAndInfersTheSameBitForBit() throws Exception {
    INDArray images = images();
    for (Map.Entry<String, MultiLayerNetwork> trained : TRAINED.entrySet()) {
      MultiLayerNetwork net = trained.getValue();
      Path folder = publish(trained.getKey(), net);

      MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(folder.resolve(StageFiles.MODEL).toFile(),
          true);

      assertThat(loaded.params().data().asFloat()).as(trained.getKey()).isEqualTo(net.params().data().asFloat());
      assertThat(loaded.getUpdater().getStateViewArray().data().asFloat()).as(trained.getKey())
          .isEqualTo(net.getUpdater().getStateViewArray().data().asFloat());
      assertThat(loaded.output(images, false).data().asFloat()).as(trained.getKey())
          .isEqualTo(net.output(images, false).data().asFloat());
    }
  }

  @Test
  void aClassifierStartsFromAPublishedAutoencoderAsFromTheTrainedOne() throws Exception {
    MultiLayerNetwork autoencoder = TRAINED.get("autoencoder");
    MultiLayerNetwork published = ModelSerializer.restoreMultiLayerNetwork(
        publish("autoencoder", autoencoder).resolve(StageFiles.MODEL).toFile(), false);

    MultiLayerNetwork fromPublished = Stages.newClassifier(published, ClassifierMode.FINETUNE, SETTINGS);
    MultiLayerNetwork fromTrained = Stages.newClassifier(autoencoder, ClassifierMode.FINETUNE, SETTINGS);

    assertThat(fromPublished.getLayerWiseConfigurations().toJson())
        .isEqualTo(fromTrained.getLayerWiseConfigurations().toJson());
    assertThat(fromPublished.params().data().asFloat()).isEqualTo(fromTrained.params().data().asFloat());
  }

  @Test
  void publishingTwiceWritesTheSameBytes() throws Exception {
    MultiLayerNetwork net = TRAINED.get("classifier-frozen");
    Path first = publish("first", net);
    Path second = publish("second", net);

    for (String file : new String[] {StageFiles.MODEL, StageFiles.ONNX}) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
  }

  @Test
  void onnxRuntimeGivesDl4jsOutputsWithin1e5AndTheSameClasses() throws Exception {
    INDArray images = images();
    float[] pixels = images.data().asFloat();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    for (Map.Entry<String, MultiLayerNetwork> trained : TRAINED.entrySet()) {
      MultiLayerNetwork net = trained.getValue();
      byte[] onnx = Files.readAllBytes(publish(trained.getKey(), net).resolve(StageFiles.ONNX));
      float[][] expected = net.output(images, false).toFloatMatrix();

      float[][] actual;
      try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions());
           OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels),
               new long[] {HELD_OUT.length, 784});
           OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        assertThat(session.getOutputNames()).containsExactly(OnnxExport.OUTPUT);
        actual = (float[][]) result.get(0).getValue();
      }

      assertThat(actual.length).isEqualTo(expected.length);
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).hasSameSizeAs(expected[i]);
        for (int j = 0; j < expected[i].length; j++) {
          worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
        }
      }
      assertThat(worst).as(trained.getKey() + ": largest difference").isLessThan(1e-5);
      if (trained.getKey().startsWith("classifier")) {
        int[] labels = Arrays.stream(HELD_OUT).map(DATA::label).toArray();
        int[] predicted = Arrays.stream(expected).mapToInt(Trainer::argmax).toArray();
        assertThat(IntStream.range(0, labels.length).filter(i -> predicted[i] == labels[i]).count())
            .as(trained.getKey() + ": right twice as often as chance, a network that has learnt something")
            .isGreaterThan(100);
        assertThat(Arrays.stream(actual).mapToInt(Trainer::argmax).toArray()).as(trained.getKey())
            .isEqualTo(Arrays.stream(expected).mapToInt(Trainer::argmax).toArray());
      }
    }
  }

  @Test
  void aLayerWithoutAnOnnxFormIsRefusedByName() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
        .layer(new BatchNormalization.Builder().build())
        .layer(new OutputLayer.Builder().nOut(10).build())
        .setInputType(InputType.feedForward(784)).build());
    net.init();

    assertThatThrownBy(() -> OnnxExport.export(net, "bad", "a network with batch normalisation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX export: layer 0 has no ONNX form here: BatchNormalization");
  }
}
