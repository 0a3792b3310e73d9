package io.github.fashionae.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.testing.Defaults;
import io.github.fashionae.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

  @TempDir
  Path dir;

  private static final List<DatasetDigest> DATA = List.of(new DatasetDigest("train-images-idx3-ubyte", "a".repeat(64)),
      new DatasetDigest("train-labels-idx1-ubyte", "b".repeat(64)));

  private static BuildInputs build(String engine, int threads) {
    return new BuildInputs(DATA, new DataOptions(ValidationSet.HOLDOUT, 500, 3000), threads, engine,
        "2026-11-27T00:00:00Z");
  }

  /** A card as the training goals write it: the stage, its fingerprint and inputs, and the files' digests. */
  private Path card(String name, String stage, String fingerprint, SortedMap<String, String> inputs) throws Exception {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("stage", stage);
    card.put("fingerprint", fingerprint);
    card.put("inputs", inputs);
    card.put("modelSha256", "c".repeat(64));
    card.put("onnx", Map.of("sha256", "d".repeat(64), "file", "model.onnx"));
    Path file = dir.resolve(name);
    Files.writeString(file, Json.pretty(card));
    return file;
  }

  @Test
  void theInputsOfACardGiveBackTheStageTheyDescribe() throws Exception {
    String portable = EngineIdentity.portable(EngineIdentity.of("1.0.0"));
    StageSpec autoencoder = AutoencoderStage.of(new AutoencoderSpec(32, false), Defaults.settings(7),
        build(portable, 1));
    StageSpec classifier = ClassifierStage.of(ClassifierMode.FROZEN, "e".repeat(64), new TrainingSettings(
        Optimizer.SGD, 0.01, 0.35, 50, 3, 11), build(portable, 1));
    StageSpec nativeTwoThreads = ClassifierStage.of(ClassifierMode.FINETUNE, "e".repeat(64), Defaults.settings(42),
        build(EngineIdentity.onPlatform(EngineIdentity.of("1.0.0"), "avx2"), 2));
    for (StageSpec spec : List.of(autoencoder, classifier, nativeTwoThreads)) {
      ModelCard card = ModelCard.read(card(spec.stage() + spec.threads() + ".json", spec.stage(), spec.fingerprint(),
          spec.inputs()));
      assertThat(card.spec()).isEqualTo(spec);
      assertThat(card.spec().fingerprint()).isEqualTo(spec.fingerprint());
      assertThat(card.modelSha256()).isEqualTo("c".repeat(64));
      assertThat(card.onnxSha256()).isEqualTo("d".repeat(64));
    }
    assertThat(ModelCard.read(card("c.json", "classifier-frozen", classifier.fingerprint(), classifier.inputs()))
        .encoderSha256()).isEqualTo("e".repeat(64));
  }

  @Test
  void aCardWhoseInputsThisPluginDoesNotKnowOrWhoseFingerprintIsWrongIsNamed() throws Exception {
    StageSpec spec = AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(42),
        build(EngineIdentity.portable(EngineIdentity.of("1.0.0")), 1));
    SortedMap<String, String> more = new TreeMap<>(spec.inputs());
    more.put("autoencoder.activation", "gelu");
    Path unknown = card("unknown.json", "autoencoder", spec.fingerprint(), more);
    assertThatThrownBy(() -> ModelCard.read(unknown).spec()).isInstanceOf(ModelCard.InvalidCardException.class)
        .hasMessage("Model card " + unknown + " (autoencoder): expected inputs this plugin knows, found "
            + "autoencoder.activation = gelu (a card of another plugin version?)");

    Path wrong = card("wrong.json", "autoencoder", "f".repeat(64), spec.inputs());
    assertThatThrownBy(() -> ModelCard.read(wrong).spec())
        .hasMessage("Model card " + wrong + " (autoencoder): expected the fingerprint of its inputs, "
            + spec.fingerprint() + ", found " + "f".repeat(64));

    SortedMap<String, String> noSeed = new TreeMap<>(spec.inputs());
    noSeed.remove("settings.seed");
    Path missing = card("missing.json", "autoencoder", spec.fingerprint(), noSeed);
    assertThatThrownBy(() -> ModelCard.read(missing).spec())
        .hasMessage("Model card " + missing + " (autoencoder): expected the inputs of a stage this plugin builds, "
            + "found no settings.seed");

    Path notACard = dir.resolve("pom.json");
    Files.writeString(notACard, "{\"name\": \"x\"}");
    assertThatThrownBy(() -> ModelCard.read(notACard))
        .hasMessage("Model card " + notACard + ": expected an object 'inputs' (a model card written by "
            + "fashion-ae-maven-plugin), found none");
    Files.writeString(notACard, "<html>");
    assertThatThrownBy(() -> ModelCard.read(notACard)).hasMessageStartingWith("Model card " + notACard
        + ": expected JSON, found unreadable content");
  }
}
