package io.github.fashionae.training;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.training.TrainingProtocol.Event;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.archive.DeterministicZip;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** The exit status of a run halted by the {@code haltAfterEpoch} test hook. */
  public static final int HALTED = 3;

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

    Checkpoints checkpoints = job.checkpointDirectory() == null ? null
        : new Checkpoints(Path.of(job.checkpointDirectory()));
    Optional<Checkpoints.Restored> restored = checkpoints == null ? Optional.empty() : checkpoints.latest();
    Trainer.Task task = job.kind() == TrainingJob.Kind.AUTOENCODER ? Trainer.Task.RECONSTRUCT : Trainer.Task.CLASSIFY;
    MultiLayerNetwork net;
    if (restored.isPresent()) {
      net = restored.get().net();
    } else if (job.kind() == TrainingJob.Kind.AUTOENCODER) {
      net = Stages.newAutoencoder(job.autoencoder(), job.settings());
    } else {
      MultiLayerNetwork autoencoder = ModelSerializer.restoreMultiLayerNetwork(Path.of(job.encoderModel()).toFile(),
          false);
      net = Stages.newClassifier(autoencoder, job.mode(), job.settings());
    }
    String engine = Engine.describe(net, job.threads());
    protocol.println(TrainingProtocol.line(Event.INFO, String.format(java.util.Locale.ROOT,
        "%s: %,d parameters, %,d training and %,d validation examples; %s", job.name(), net.numParams(),
        split.trainIndices().length, split.validationIndices().length, engine)));
    List<EpochRecord> previous = restored.map(Checkpoints.Restored::history).orElse(List.of());
    if (!previous.isEmpty()) {
      protocol.println(TrainingProtocol.line(Event.INFO, String.format(java.util.Locale.ROOT,
          "%s: resuming after epoch %d/%d from the checkpoint in %s", job.name(), previous.size(),
          job.settings().epochs(), job.checkpointDirectory())));
    }

    MultiLayerNetwork trained = net;
    List<EpochRecord> soFar = new ArrayList<>(previous);
    List<EpochRecord> epochs = new Trainer(net, task, split, job.settings()).train(previous, (record, total) -> {
      protocol.println(TrainingProtocol.line(Event.EPOCH, TrainingProtocol.json(record)));
      soFar.add(record);
      if (checkpoints != null) {
        try {
          checkpoints.save(trained, soFar);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the checkpoint of epoch " + record.epoch(), e);
        }
        if (record.epoch() == job.haltAfterEpoch()) {
          protocol.flush();
          Runtime.getRuntime().halt(HALTED); // the test hook: as abrupt as kill -9
        }
      }
    });

    Path output = Files.createDirectories(Path.of(job.outputDirectory()));
    Path model = output.resolve(MODEL_FILE);
    Path temp = AtomicFiles.tempFileBeside(model);
    try {
      ModelSerializer.writeModel(net, temp.toFile(), true);
      DeterministicZip.repack(temp, model, Instant.parse(job.archiveTime()));
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
