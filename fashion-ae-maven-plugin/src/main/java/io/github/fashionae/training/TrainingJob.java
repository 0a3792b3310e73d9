package io.github.fashionae.training;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.TrainingSettings;
import java.util.List;
import java.util.Objects;

/**
 * Everything one training run needs, handed to the forked training JVM as JSON. Its inputs are described by
 * content (payload digests, the encoder model's digest), so an unchanged job means unchanged outputs.
 *
 * @param stage the stage's name: "autoencoder", "classifier-finetune" or "classifier-frozen"
 * @param kind what is trained
 * @param dataset the four verified dataset files
 * @param autoencoder the autoencoder's shape (autoencoder jobs only)
 * @param mode how the encoder is treated (classifier jobs only)
 * @param encoderModel the trained autoencoder model file (classifier jobs only)
 * @param encoderModelSha256 its SHA-256 (classifier jobs only)
 * @param settings optimizer, learning rate, dropout, batch size, epochs, seed
 * @param data validation choice and training slice
 * @param threads the OpenMP thread count the run is pinned to
 * @param engine the training engine's identity: DL4J version and natives variant
 * @param outputDirectory where the model and history are written
 * @param archiveTime the entry time of the model archive (ISO-8601), from project.build.outputTimestamp
 * @param checkpointDirectory where each epoch's checkpoint goes, and a killed run resumes from; null for none
 * @param haltAfterEpoch a test hook: halt the JVM abruptly after this epoch's checkpoint (0: never)
 * @param experiment the experiment the stage belongs to, or null for the baseline: a name for logs and reports,
 *     not an input (two experiments with equal inputs share one cached stage)
 */
public record TrainingJob(String stage, Kind kind, List<DataFile> dataset, AutoencoderSpec autoencoder,
                          ClassifierMode mode, String encoderModel, String encoderModelSha256,
                          TrainingSettings settings, DataOptions data, int threads, String engine,
                          String outputDirectory, String archiveTime, String checkpointDirectory,
                          int haltAfterEpoch, String experiment) {

  /** What a job trains. */
  public enum Kind {
    AUTOENCODER,
    CLASSIFIER
  }

  /**
   * One verified dataset file.
   *
   * @param name upstream name without .gz
   * @param path the gzipped file
   * @param sha256 SHA-256 of its decompressed payload
   */
  public record DataFile(String name, String path, String sha256) {
  }

  public TrainingJob {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(kind, "kind");
    dataset = List.copyOf(dataset);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(archiveTime, "archiveTime");
    if (threads < 1) {
      throw new io.github.fashionae.model.InvalidParameterException("threads", "at least 1", threads);
    }
    if (kind == Kind.AUTOENCODER && autoencoder == null) {
      throw new IllegalArgumentException("an autoencoder job needs the autoencoder's shape");
    }
    if (kind == Kind.CLASSIFIER && (mode == null || encoderModel == null)) {
      throw new IllegalArgumentException("a classifier job needs a mode and an encoder model");
    }
  }

  /** A baseline job (no experiment). */
  public TrainingJob(String stage, Kind kind, List<DataFile> dataset, AutoencoderSpec autoencoder, ClassifierMode mode,
                     String encoderModel, String encoderModelSha256, TrainingSettings settings, DataOptions data,
                     int threads, String engine, String outputDirectory, String archiveTime,
                     String checkpointDirectory, int haltAfterEpoch) {
    this(stage, kind, dataset, autoencoder, mode, encoderModel, encoderModelSha256, settings, data, threads, engine,
        outputDirectory, archiveTime, checkpointDirectory, haltAfterEpoch, null);
  }

  /** This job with its run-time settings, which are not inputs: where checkpoints go, and the test hook. */
  public TrainingJob withRun(String newCheckpointDirectory, int newHaltAfterEpoch) {
    return new TrainingJob(stage, kind, dataset, autoencoder, mode, encoderModel, encoderModelSha256, settings, data,
        threads, engine, outputDirectory, archiveTime, newCheckpointDirectory, newHaltAfterEpoch, experiment);
  }

  /** The stage's name in logs and reports: "autoencoder", or "lr-0.01/autoencoder" in an experiment. */
  public String name() {
    return experiment == null ? stage : experiment + "/" + stage;
  }

  /** The dataset file named {@code name}. */
  public DataFile file(String name) {
    return file(dataset, name);
  }

  /** The file of {@code dataset} named {@code name}. */
  public static DataFile file(List<DataFile> dataset, String name) {
    return dataset.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the dataset has no file " + name));
  }
}
