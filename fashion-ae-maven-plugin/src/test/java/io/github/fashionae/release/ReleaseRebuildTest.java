package io.github.fashionae.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.DatasetDigest;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.ModelCard;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.training.BuildDataset;
import io.github.fashionae.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What verify-release checks before it trains: the released bytes are the card's, the data is the card's. */
class ReleaseRebuildTest {

  @TempDir
  Path dir;

  private static final String TRAIN = "train-images-idx3-ubyte";

  private StageSpec spec() {
    return AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(42), new BuildInputs(
        List.of(new DatasetDigest(TRAIN, "a".repeat(64))), new DataOptions(ValidationSet.HOLDOUT, 500, 0), 1,
        EngineIdentity.portable(EngineIdentity.of("1.0.0")), "2026-11-27T00:00:00Z"));
  }

  private Release.Stage released(String modelBytes, String onnxBytes, String cardModel, String cardOnnx)
      throws Exception {
    Path model = Files.writeString(dir.resolve("model.zip"), modelBytes);
    Path onnx = Files.writeString(dir.resolve("model.onnx"), onnxBytes);
    StageSpec spec = spec();
    ModelCard card = new ModelCard(dir.resolve("card.json"), "autoencoder", spec.fingerprint(), spec.inputs(),
        cardModel, cardOnnx);
    return new Release.Stage("autoencoder", model, onnx, card);
  }

  @Test
  void aReleasedFileThatIsNotWhatItsCardStatesIsNamedWithBothDigests() throws Exception {
    Release.Stage genuine = released("zip", "onnx", sha("zip"), sha("onnx"));
    Release release = new Release("g:a:1.0.0", List.of(genuine));
    assertThatCode(() -> genuine.check(release.coordinates())).doesNotThrowAnyException();

    Release.Stage swapped = released("another zip", "onnx", sha("zip"), sha("onnx"));
    assertThatThrownBy(() -> swapped.check(release.coordinates()))
        .isInstanceOf(ModelCard.InvalidCardException.class)
        .hasMessage("Release g:a:1.0.0's autoencoder: expected the released files to have the SHA-256 their model card "
            + "states (model.zip " + sha("zip") + ", model.onnx " + sha("onnx") + "), found " + sha("another zip")
            + " (" + swapped.model() + ") and " + sha("onnx") + " (" + swapped.onnx() + "): a changed artifact, or "
            + "the card of another build");
  }

  @Test
  void theFetchedDataMustBeTheDataTheCardNames() throws Exception {
    Release.Stage stage = released("zip", "onnx", sha("zip"), sha("onnx"));
    BuildDataset same = new BuildDataset(List.of(new DatasetDigest(TRAIN, "a".repeat(64))), Map.of(TRAIN,
        dir.resolve(TRAIN)));
    assertThatCode(() -> ReleaseRebuild.checkData(stage, spec(), same)).doesNotThrowAnyException();

    BuildDataset other = new BuildDataset(List.of(new DatasetDigest(TRAIN, "b".repeat(64))), Map.of(TRAIN,
        dir.resolve(TRAIN)));
    assertThatThrownBy(() -> ReleaseRebuild.checkData(stage, spec(), other))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("manifestFile: expected autoencoder's " + TRAIN + " of SHA-256 " + "a".repeat(64) + " (as its "
            + "model card states), found SHA-256 " + "b".repeat(64));
    assertThat(spec().dataset()).hasSize(1);
  }

  private static String sha(String text) {
    return Sha256.hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
