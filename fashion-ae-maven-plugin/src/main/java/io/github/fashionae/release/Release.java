package io.github.fashionae.release;

import io.github.fashionae.stage.ModelCard;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
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

    /**
     * Checks that the released files are what the card states, and the card the stage its inputs describe: a
     * tampered or mixed-up artifact is named before it is measured or rebuilt.
     *
     * @param coordinates the release's, for messages
     * @throws ModelCard.InvalidCardException naming the files, both digests, or the card
     */
    public void check(String coordinates) throws IOException {
      String modelSha256 = Sha256.ofFile(model);
      String onnxSha256 = Sha256.ofFile(onnx);
      if (!modelSha256.equals(card.modelSha256()) || !onnxSha256.equals(card.onnxSha256())) {
        throw new ModelCard.InvalidCardException("Release " + coordinates + "'s " + name + ": expected the released "
            + "files to have the SHA-256 their model card states (model.zip " + card.modelSha256() + ", model.onnx "
            + card.onnxSha256() + "), found " + modelSha256 + " (" + model + ") and " + onnxSha256 + " (" + onnx
            + "): a changed artifact, or the card of another build");
      }
      String described = card.spec().stage();
      if (!card.stage().equals(described)) {
        throw new ModelCard.InvalidCardException("Release " + coordinates + "'s " + name + " model card "
            + card.file() + ": expected the stage its inputs describe, " + described + ", found " + card.stage());
      }
    }
  }

  /** The released stage of that name, if the release published it. */
  public Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
