package io.github.fashionae.training;

import com.fasterxml.jackson.core.JacksonException;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the trained stages in an output directory: the folders holding a model and its history, directly
 * under it (the baseline) and under {@code experiments/<name>/} (each experiment).
 */
public final class TrainedStages {

  /** The folder under the output directory that holds one folder per experiment. */
  public static final String EXPERIMENTS = "experiments";

  private TrainedStages() {
  }

  /** The stage folders: the baseline's, then the experiments', autoencoders before classifiers in each. */
  public static List<Path> find(Path outputDirectory) throws IOException {
    List<Path> stages = new ArrayList<>(sorted(stagesIn(outputDirectory)));
    Path experiments = outputDirectory.resolve(EXPERIMENTS);
    List<Path> experimentStages = new ArrayList<>();
    for (Path experiment : children(experiments)) {
      experimentStages.addAll(stagesIn(experiment));
    }
    stages.addAll(sorted(experimentStages));
    return stages;
  }

  private static List<Path> sorted(List<Path> stages) throws IOException {
    List<Path> autoencoders = new ArrayList<>();
    List<Path> classifiers = new ArrayList<>();
    for (Path stage : stages) {
      (history(stage).spec().kind() == StageKind.AUTOENCODER ? autoencoders : classifiers).add(stage);
    }
    autoencoders.sort(Comparator.naturalOrder());
    classifiers.sort(Comparator.naturalOrder());
    autoencoders.addAll(classifiers);
    return autoencoders;
  }

  private static List<Path> stagesIn(Path directory) throws IOException {
    List<Path> stages = new ArrayList<>();
    for (Path child : children(directory)) {
      if (Files.isRegularFile(child.resolve(StageFiles.MODEL))
          && Files.isRegularFile(child.resolve(StageFiles.HISTORY))) {
        stages.add(child);
      }
    }
    return stages;
  }

  private static List<Path> children(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children.filter(Files::isDirectory).sorted().toList();
    }
  }

  /**
   * The stage's name in logs and reports, from where it lies: "autoencoder", or "lr-0.01/autoencoder" for a stage
   * in {@code experiments/lr-0.01/}. Not from its history: a stage copied from the cache carries the history of
   * whichever build trained it first, which may be another experiment with the same inputs.
   */
  public static String name(Path stage) {
    return experiment(stage) == null ? stage.getFileName().toString()
        : experiment(stage) + "/" + stage.getFileName();
  }

  /** The experiment a stage folder belongs to, from where it lies, or null for the baseline. */
  public static String experiment(Path stage) {
    Path parent = stage.toAbsolutePath().normalize().getParent();
    Path grandparent = parent == null ? null : parent.getParent();
    return grandparent != null && grandparent.getFileName() != null
        && grandparent.getFileName().toString().equals(EXPERIMENTS) ? parent.getFileName().toString() : null;
  }

  /** The stage's training summary, from its history.json. */
  public static TrainingSummary history(Path stage) throws IOException {
    try {
      return Json.MAPPER.readValue(stage.resolve(StageFiles.HISTORY).toFile(), TrainingSummary.class);
    } catch (JacksonException e) {
      throw new IOException(stage.resolve(StageFiles.HISTORY) + ": expected a training history, found "
          + "unreadable JSON (" + e.getOriginalMessage() + ")", e);
    }
  }
}
