package io.github.fashionae.training;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs an {@link EngineTask.Train} in a {@link ForkedJvm}, streaming each finished epoch back into the build log
 * with an ETA. The task is written beside the outputs as {@code job.json}, the JVM's chatter as
 * {@code training.log}.
 *
 * <p>This class runs in Maven's JVM and touches no DL4J class.
 */
public final class ForkedTraining {

  /** Told about every finished epoch, e.g. to track the progress of many trainings at once. */
  @FunctionalInterface
  public interface EpochListener {
    void epochFinished(EpochRecord record);
  }

  private final ForkedJvm jvm;
  private final BuildLog log;
  private final EpochListener listener;

  public ForkedTraining(ForkedJvm.Fork fork, BuildLog log) {
    this(fork, log, record -> { });
  }

  public ForkedTraining(ForkedJvm.Fork fork, BuildLog log, EpochListener listener) {
    this.jvm = new ForkedJvm(fork, log);
    this.log = log;
    this.listener = listener;
  }

  /** Runs the task and returns its summary, logging one line per epoch. */
  public TrainingSummary run(EngineTask.Train task) throws ForkException, IOException {
    Path output = Files.createDirectories(Path.of(task.outputDirectory()));
    Progress progress = new Progress(task.label(), task.spec().settings().epochs());
    String done = jvm.run("Training " + task.label(), task, output.resolve(StageFiles.JOB),
        output.resolve(StageFiles.LOG), (event, payload) -> {
          switch (event) {
            case INFO -> log.info(payload);
            case EPOCH -> {
              EpochRecord record = Json.MAPPER.readValue(payload, EpochRecord.class);
              log.info(progress.line(record));
              listener.epochFinished(record);
            }
            default -> throw new IllegalStateException("unexpected event " + event);
          }
        });
    return Json.MAPPER.readValue(done, TrainingSummary.class);
  }

  /** Formats epoch lines with an ETA from the mean epoch time so far. */
  static final class Progress {
    private final String label;
    private final int epochs;
    private double seconds;

    Progress(String label, int epochs) {
      this.label = label;
      this.epochs = epochs;
    }

    String line(EpochRecord record) {
      seconds += record.seconds();
      double eta = seconds / record.epoch() * (epochs - record.epoch());
      String accuracy = record.validationAccuracy() == null ? "" : String.format(Locale.ROOT,
          ", accuracy %.4f (validation %.4f)", record.trainAccuracy(), record.validationAccuracy());
      return String.format(Locale.ROOT, "%s epoch %d/%d: loss %.5f (eval %.5f, validation %.5f)%s, %.1f s, ETA %s",
          label, record.epoch(), epochs, record.trainLoss(), record.trainLossEval(), record.validationLoss(),
          accuracy, record.seconds(), Durations.format(eta));
    }
  }
}
