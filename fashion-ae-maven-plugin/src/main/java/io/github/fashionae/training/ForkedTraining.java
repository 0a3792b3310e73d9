package io.github.fashionae.training;

import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs a {@link TrainingJob} in a {@link ForkedJvm}, streaming each finished epoch back into the build log
 * with an ETA.
 *
 * <p>This class runs in Maven's JVM and touches no DL4J class.
 */
public final class ForkedTraining {

  /** The entry point of the forked JVM. */
  static final String MAIN_CLASS = "io.github.fashionae.training.TrainerMain";

  /** The file that receives everything the forked JVM prints besides protocol lines. */
  public static final String LOG_FILE = "training.log";

  /** The job as last run, beside its outputs. */
  public static final String JOB_FILE = "job.json";

  /** Told about every finished epoch, e.g. to track the progress of many trainings at once. */
  @FunctionalInterface
  public interface EpochListener {
    void epochFinished(TrainingJob job, EpochRecord record);
  }

  private final ForkedJvm jvm;
  private final BuildLog log;
  private final EpochListener listener;

  public ForkedTraining(ForkedJvm.Fork fork, BuildLog log) {
    this(fork, log, (job, record) -> { });
  }

  public ForkedTraining(ForkedJvm.Fork fork, BuildLog log, EpochListener listener) {
    this.jvm = new ForkedJvm(fork, log);
    this.log = log;
    this.listener = listener;
  }

  /** Runs the job and returns its summary, logging one line per epoch. */
  public TrainingSummary run(TrainingJob job) throws TrainingException, IOException {
    Path output = Files.createDirectories(Path.of(job.outputDirectory()));
    Path jobFile = output.resolve(JOB_FILE);
    AtomicFiles.write(jobFile, TrainingProtocol.prettyJson(job).getBytes(StandardCharsets.UTF_8));
    Progress progress = new Progress(job);
    String done = jvm.run("Training " + job.name(), MAIN_CLASS, jobFile, output.resolve(LOG_FILE), job.threads(),
        (event, payload) -> {
          switch (event) {
            case INFO -> log.info(payload);
            case EPOCH -> {
              EpochRecord record = TrainingProtocol.JSON.readValue(payload, EpochRecord.class);
              log.info(progress.line(record));
              listener.epochFinished(job, record);
            }
            default -> throw new IllegalStateException("unexpected event " + event);
          }
        });
    return TrainingProtocol.JSON.readValue(done, TrainingSummary.class);
  }

  /** Formats epoch lines with an ETA from the mean epoch time so far. */
  static final class Progress {
    private final TrainingJob job;
    private double seconds;

    Progress(TrainingJob job) {
      this.job = job;
    }

    String line(EpochRecord record) {
      seconds += record.seconds();
      int total = job.settings().epochs();
      double eta = seconds / record.epoch() * (total - record.epoch());
      String accuracy = record.validationAccuracy() == null ? "" : String.format(Locale.ROOT,
          ", accuracy %.4f (validation %.4f)", record.trainAccuracy(), record.validationAccuracy());
      return String.format(Locale.ROOT, "%s epoch %d/%d: loss %.5f (eval %.5f, validation %.5f)%s, %.1f s, ETA %s",
          job.name(), record.epoch(), total, record.trainLoss(), record.trainLossEval(), record.validationLoss(),
          accuracy, record.seconds(), Durations.format(eta));
    }
  }
}
