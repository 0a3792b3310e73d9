package io.github.fashionae.stage;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Objects;

/**
 * What a finished training hands back, and what its {@code history.json} holds. No path and no time of day:
 * the history is part of the cached stage, shared by every checkout.
 *
 * @param stage the stage's folder name
 * @param spec the stage that was trained (older plugins wrote it as {@code job}, with paths; both read)
 * @param dataDescription how the examples were split, in words
 * @param trainExamples how many examples were trained on
 * @param validationExamples how many examples validated
 * @param engine the training engine as it ran: DL4J version, natives, oneDNN helpers, threads
 * @param epochs one record per epoch
 * @param parametersSha256 SHA-256 of the trained parameters (big-endian floats)
 */
public record TrainingSummary(String stage, @JsonAlias("job") StageSpec spec, String dataDescription,
                              int trainExamples, int validationExamples, String engine, List<EpochRecord> epochs,
                              String parametersSha256) {

  public TrainingSummary {
    Objects.requireNonNull(spec, "spec");
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
