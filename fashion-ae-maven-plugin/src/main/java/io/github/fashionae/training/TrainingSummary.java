package io.github.fashionae.training;

import java.util.List;

/**
 * What a finished run hands back, and what its history file holds.
 *
 * @param stage the stage's name
 * @param job the job that was run
 * @param dataDescription how the examples were split, in words
 * @param trainExamples how many examples were trained on
 * @param validationExamples how many examples validated
 * @param engine the training engine as it ran: DL4J version, natives, oneDNN helpers, threads
 * @param epochs one record per epoch
 * @param parametersSha256 SHA-256 of the trained parameters (big-endian floats)
 * @param model the model file
 */
public record TrainingSummary(String stage, TrainingJob job, String dataDescription, int trainExamples,
                              int validationExamples, String engine, List<EpochRecord> epochs,
                              String parametersSha256, String model) {

  public TrainingSummary {
    epochs = List.copyOf(epochs);
  }

  public EpochRecord last() {
    return epochs.get(epochs.size() - 1);
  }

  /** The wall time of all epochs together, evaluation included. */
  public double trainingSeconds() {
    return epochs.stream().mapToDouble(EpochRecord::seconds).sum();
  }
}
