package io.github.fashionae.training;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.training.TrainingProtocol.Event;
import io.github.fashionae.util.AtomicFiles;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forked training JVM's entry point: {@code TrainerMain JOB.json}. It trains one stage and writes
 * {@code model.zip} and {@code history.json} into the job's output directory. Its standard output carries
 * only {@link TrainingProtocol} lines; everything else is sent to standard error.
 */
public final class TrainerMain {

  public static final String MODEL_FILE = "model.zip";
  public static final String HISTORY_FILE = "history.json";

  private TrainerMain() {
  }

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    int status = 0;
    try {
      TrainingJob job = TrainingProtocol.JSON.readValue(Path.of(args[0]).toFile(), TrainingJob.class);
      TrainingSummary summary = run(job, protocol);
      protocol.println(TrainingProtocol.line(Event.DONE, TrainingProtocol.json(summary)));
    } catch (Throwable e) {
      e.printStackTrace();
      protocol.println(TrainingProtocol.line(Event.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
      status = 2;
    }
    protocol.flush();
    // ND4J's native thread pools would keep the JVM alive.
    System.exit(status);
  }

  /** Trains the job's stage in this JVM, telling {@code protocol} about each epoch. */
  public static TrainingSummary run(TrainingJob job, PrintStream protocol) throws Exception {
    Engine.prepare();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LabeledImages train = IdxReader.readLabeled(Path.of(job.file(FashionMnist.TRAIN_IMAGES.name()).path()),
        Path.of(job.file(FashionMnist.TRAIN_LABELS.name()).path()));
    LabeledImages test = IdxReader.readLabeled(Path.of(job.file(FashionMnist.TEST_IMAGES.name()).path()),
        Path.of(job.file(FashionMnist.TEST_LABELS.name()).path()));
    DataSplit split = DataSplit.of(train, test, job.data(), job.settings().seed());

    MultiLayerNetwork net;
    Trainer.Task task;
    if (job.kind() == TrainingJob.Kind.AUTOENCODER) {
      net = Stages.newAutoencoder(job.autoencoder(), job.settings());
      task = Trainer.Task.RECONSTRUCT;
    } else {
      MultiLayerNetwork autoencoder = ModelSerializer.restoreMultiLayerNetwork(Path.of(job.encoderModel()).toFile(),
          false);
      net = Stages.newClassifier(autoencoder, job.mode(), job.settings());
      task = Trainer.Task.CLASSIFY;
    }
    String engine = Engine.describe(net, job.threads());
    protocol.println(TrainingProtocol.line(Event.INFO, String.format(java.util.Locale.ROOT,
        "%s: %,d parameters, %,d training and %,d validation examples; %s", job.stage(), net.numParams(),
        split.trainIndices().length, split.validationIndices().length, engine)));

    java.util.List<EpochRecord> epochs = new Trainer(net, task, split, job.settings()).train((record, total) ->
        protocol.println(TrainingProtocol.line(Event.EPOCH, TrainingProtocol.json(record))));

    Path output = Files.createDirectories(Path.of(job.outputDirectory()));
    Path model = output.resolve(MODEL_FILE);
    Path temp = AtomicFiles.tempFileBeside(model);
    try {
      ModelSerializer.writeModel(net, temp.toFile(), true);
      AtomicFiles.moveAtomically(temp, model);
    } finally {
      Files.deleteIfExists(temp);
    }
    TrainingSummary summary = new TrainingSummary(job.stage(), job, split.description(), split.trainIndices().length,
        split.validationIndices().length, engine, epochs, Trainer.parameterDigest(net.params()), model.toString());
    AtomicFiles.write(output.resolve(HISTORY_FILE),
        TrainingProtocol.prettyJson(summary).getBytes(StandardCharsets.UTF_8));
    return summary;
  }
}
