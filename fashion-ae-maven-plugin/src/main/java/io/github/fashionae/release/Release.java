package io.github.fashionae.release;

import io.github.fashionae.stage.ModelCard;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A released version of the project, as a repository holds it: its coordinates and, for each stage it published,
 * the model files and the model card. Found by a {@link ReleaseFinder}; the files are where the finder left them
 * (Maven's local repository).
 *
 * @param coordinates groupId:artifactId:version, e.g. "io.github.example:example-project:1.2.0"
 * @param stages the stages it published, of those asked for
 */
public record Release(String coordinates, List<Stage> stages) {

  public Release {
    Objects.requireNonNull(coordinates, "coordinates");
    stages = List.copyOf(stages);
  }

  /**
   * One released stage.
   *
   * @param name the stage's folder name in the build that asked, e.g. "classifier-finetune"
   * @param model its {@code model.zip}
   * @param onnx its {@code model.onnx}
   * @param card its model card, read
   */
  public record Stage(String name, Path model, Path onnx, ModelCard card) {
    public Stage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(onnx, "onnx");
      Objects.requireNonNull(card, "card");
    }
  }

  /** The released stage of that name, if the release published it. */
  public Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
