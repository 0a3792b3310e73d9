package io.github.fashionae.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the trained stages in an output directory: the folders holding a model and its history. */
public final class TrainedStages {

  private TrainedStages() {
  }

  /**
   * The stage folders directly under {@code outputDirectory} that hold {@code model.zip} and
   * {@code history.json}: autoencoders first, then classifiers, each by name.
   */
  public static List<Path> find(Path outputDirectory) throws IOException {
    List<Path> autoencoders = new ArrayList<>();
    List<Path> classifiers = new ArrayList<>();
    if (!Files.isDirectory(outputDirectory)) {
      return autoencoders;
    }
    try (Stream<Path> children = Files.list(outputDirectory)) {
      for (Path child : children.sorted().toList()) {
        if (Files.isRegularFile(child.resolve(TrainerMain.MODEL_FILE))
            && Files.isRegularFile(child.resolve(TrainerMain.HISTORY_FILE))) {
          (history(child).job().kind() == TrainingJob.Kind.AUTOENCODER ? autoencoders : classifiers).add(child);
        }
      }
    }
    autoencoders.addAll(classifiers);
    return autoencoders;
  }

  /** The stage's training summary, from its history.json. */
  public static TrainingSummary history(Path stage) throws IOException {
    try {
      return TrainingProtocol.JSON.readValue(stage.resolve(TrainerMain.HISTORY_FILE).toFile(), TrainingSummary.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(stage.resolve(TrainerMain.HISTORY_FILE) + ": expected a training history, found "
          + "unreadable JSON (" + e.getOriginalMessage() + ")", e);
    }
  }
}
