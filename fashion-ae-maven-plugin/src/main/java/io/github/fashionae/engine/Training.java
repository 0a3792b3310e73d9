package io.github.fashionae.engine;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.fork.Protocol.Event;
import io.github.fashionae.model.PortableNetworks;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.store.CacheLock;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one stage in the engine JVM and writes {@code model.zip} and {@code history.json} into the task's
 * output directory, checkpointing every epoch (a killed run resumes from the last checkpoint).
 */
final class Training {

  private Training() {
  }

  /** Trains the task's stage in this JVM, telling {@code protocol} about each epoch. */
  static TrainingSummary run(EngineTask.Train task, PrintStream protocol) throws Exception {
    StageSpec spec = task.spec();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LabeledImages train = IdxReader.readLabeled(Path.of(task.file(FashionMnist.TRAIN_IMAGES.name())),
        Path.of(task.file(FashionMnist.TRAIN_LABELS.name())));
    LabeledImages test = IdxReader.readLabeled(Path.of(task.file(FashionMnist.TEST_IMAGES.name())),
        Path.of(task.file(FashionMnist.TEST_LABELS.name())));
    DataSplit split = DataSplit.of(train, test, spec.data(), spec.settings().seed());

    // The checkpoint folder is this JVM's alone while it trains: an engine JVM left by an earlier build (one
    // that has not yet noticed its Maven is gone) finishes or stops before this one reads or writes it.
    BuildLog waiting = BuildLog.to(line -> protocol.println(Protocol.line(Event.INFO, line)));
    try (CacheLock lock = CacheLock.acquire(Path.of(task.checkpointDirectory() + ".lock"),
        "training " + task.label() + " with its checkpoints", waiting)) {
      Checkpoints checkpoints = new Checkpoints(Path.of(task.checkpointDirectory()));
      boolean portable = EngineIdentity.isPortable(spec.engine());
      Optional<Checkpoints.Restored> restored = checkpoints.latest();
      MultiLayerNetwork net;
      if (restored.isPresent()) {
        net = restored.get().net();
      } else if (spec instanceof AutoencoderStage autoencoder) {
        net = Stages.newAutoencoder(autoencoder.autoencoder(), spec.settings(), portable);
      } else {
        MultiLayerNetwork encoder = ModelSerializer.restoreMultiLayerNetwork(
            Path.of(task.file(EngineTask.Train.ENCODER)).toFile(), false);
        net = Stages.newClassifier(encoder, ((ClassifierStage) spec).mode(), spec.settings(), portable);
      }
      String engine = Engine.describe(net, spec.threads());
      protocol.println(Protocol.line(Event.INFO, String.format(Locale.ROOT,
          "%s: %,d parameters, %,d training and %,d validation examples; %s%s", task.label(), net.numParams(),
          split.trainIndices().length, split.validationIndices().length, engine, task.evaluationWorkers() == 1 ? ""
              : "; evaluates on " + task.evaluationWorkers() + " threads after each epoch")));
      List<EpochRecord> previous = restored.map(Checkpoints.Restored::history).orElse(List.of());
      if (!previous.isEmpty()) {
        protocol.println(Protocol.line(Event.INFO, String.format(Locale.ROOT,
            "%s: resuming after epoch %d/%d from the checkpoint in %s", task.label(), previous.size(),
            spec.settings().epochs(), task.checkpointDirectory())));
      }

      int haltAfterEpoch = Integer.getInteger(Protocol.HALT_AFTER_EPOCH_PROPERTY, 0);
      List<EpochRecord> soFar = new ArrayList<>(previous);
      Trainer.Task objective = spec.kind() == StageKind.AUTOENCODER ? Trainer.Task.RECONSTRUCT : Trainer.Task.CLASSIFY;
      Trainer trainer = new Trainer(net, objective, split, spec.settings(), task.evaluationWorkers());
      List<EpochRecord> epochs = trainer.train(previous, (record, total) -> {
        protocol.println(Protocol.line(Event.EPOCH, Json.compact(record)));
        soFar.add(record);
        try {
          checkpoints.save(net, soFar);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the checkpoint of epoch " + record.epoch() + " to "
              + e.getMessage() + " (nothing of it was left there)", e);
        }
        if (record.epoch() == haltAfterEpoch) {
          protocol.flush();
          Runtime.getRuntime().halt(Protocol.HALTED); // the test hook: as abrupt as kill -9
        }
      });

      Path output = Files.createDirectories(Path.of(task.outputDirectory()));
      writeModels(PortableNetworks.of(net), spec, output);
      TrainingSummary summary = new TrainingSummary(spec.stage(), spec, split.description(),
          split.trainIndices().length, split.validationIndices().length, engine, epochs,
          Trainer.parameterDigest(net.params()));
      AtomicFiles.write(output.resolve(StageFiles.HISTORY), Json.pretty(summary).getBytes(StandardCharsets.UTF_8));
      return summary;
    }
  }

  /**
   * Writes the published forms of {@code portable}: {@code model.zip} (DL4J's archive, re-packed deterministically)
   * and {@code model.onnx}.
   */
  static void writeModels(MultiLayerNetwork portable, StageSpec spec, Path output) throws IOException {
    Path model = output.resolve(StageFiles.MODEL);
    Path temp = AtomicFiles.tempFileBeside(model);
    try {
      ModelSerializer.writeModel(portable, temp.toFile(), true);
      DeterministicZip.repack(temp, model, Instant.parse(spec.archiveTime()));
    } finally {
      Files.deleteIfExists(temp);
    }
    AtomicFiles.write(output.resolve(StageFiles.ONNX), OnnxExport.export(portable, spec.stage(),
        onnxDescription(spec.kind())));
  }

  /** The ONNX model's doc string: its input and output. */
  static String onnxDescription(StageKind kind) {
    return "fashion-ae " + (kind == StageKind.AUTOENCODER ? "autoencoder" : "classifier")
        + ": input float [batch, 784], a 28x28 image row by row with pixels scaled to [0, 1]; output float "
        + (kind == StageKind.AUTOENCODER ? "[batch, 784], the reconstructed image"
        : "[batch, 10], the class probabilities in label order (Fashion-MNIST's classes)");
  }
}
