package io.github.fashionae.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.testing.Defaults;
import io.github.fashionae.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stage's fingerprint: every input changes it, nothing else can enter it. */
class FingerprintsTest {

  private static final List<DatasetDigest> DATA = List.of(
      new DatasetDigest("train-images-idx3-ubyte", "a".repeat(64)),
      new DatasetDigest("t10k-images-idx3-ubyte", "b".repeat(64)));
  private static final TrainingSettings SETTINGS = new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 30, 42);
  private static final DataOptions OPTIONS = new DataOptions(ValidationSet.HOLDOUT, 10_000, 0);
  private static final BuildInputs BUILD = new BuildInputs(DATA, OPTIONS, 1, "e1", "1980-01-01T00:00:02Z");
  private static final AutoencoderStage BASE = AutoencoderStage.of(Defaults.autoencoder(), SETTINGS, BUILD);

  private static AutoencoderStage autoencoder(AutoencoderSpec shape, TrainingSettings settings, BuildInputs build) {
    return AutoencoderStage.of(shape, settings, build);
  }

  private static BuildInputs build(DataOptions data, List<DatasetDigest> dataset, int threads, String engine,
                                   String time) {
    return new BuildInputs(dataset, data, threads, engine, time);
  }

  @Test
  void everyInputChangesTheFingerprint() {
    List<StageSpec> changed = List.of(
        autoencoder(new AutoencoderSpec(32, true), SETTINGS, BUILD),
        autoencoder(new AutoencoderSpec(64, false), SETTINGS, BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.SGD, 0.001, 0.2, 100, 30, 42), BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 100, 30, 42), BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.35, 100, 30, 42), BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, 30, 42), BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 29, 42), BUILD),
        autoencoder(Defaults.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 30, 43), BUILD),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(new DataOptions(ValidationSet.TEST, 10_000, 0), DATA,
            1, "e1", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(new DataOptions(ValidationSet.HOLDOUT, 5_000, 0),
            DATA, 1, "e1", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(new DataOptions(ValidationSet.HOLDOUT, 10_000, 500),
            DATA, 1, "e1", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(OPTIONS, List.of(DATA.get(0),
            new DatasetDigest("t10k-images-idx3-ubyte", "c".repeat(64))), 1, "e1", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(OPTIONS, DATA, 2, "e1", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(OPTIONS, DATA, 1, "e2", BUILD.archiveTime())),
        autoencoder(Defaults.autoencoder(), SETTINGS, build(OPTIONS, DATA, 1, "e1", "2026-11-27T00:00:00Z")));
    List<String> fingerprints = new ArrayList<>();
    fingerprints.add(BASE.fingerprint());
    changed.forEach(spec -> fingerprints.add(spec.fingerprint()));

    assertThat(fingerprints).doesNotHaveDuplicates().hasSize(changed.size() + 1);
  }

  @Test
  void theClassifiersModeAndEncoderDigestChangeIt() {
    StageSpec finetune = ClassifierStage.of(ClassifierMode.FINETUNE, "d".repeat(64), SETTINGS, BUILD);
    StageSpec otherEncoder = ClassifierStage.of(ClassifierMode.FINETUNE, "e".repeat(64), SETTINGS, BUILD);
    StageSpec frozen = ClassifierStage.of(ClassifierMode.FROZEN, "d".repeat(64), SETTINGS, BUILD);

    assertThat(List.of(finetune.fingerprint(), otherEncoder.fingerprint(), frozen.fingerprint()))
        .doesNotHaveDuplicates();
  }

  @Test
  void theSpecCarriesNoPathAndItsJsonReadsBackToTheSameFingerprint() throws Exception {
    String json = Json.pretty(BASE);
    StageSpec read = Json.MAPPER.readValue(json, StageSpec.class);

    assertThat(json).doesNotContain("/").contains("\"kind\" : \"AUTOENCODER\"");
    assertThat(read).isEqualTo(BASE);
    assertThat(read.fingerprint()).isEqualTo(BASE.fingerprint());
  }

  @Test
  void explainsWhatChanged() {
    Map<String, String> before = BASE.inputs();
    Map<String, String> after = autoencoder(Defaults.autoencoder(),
        new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 100, 30, 42), BUILD).inputs();

    assertThat(Fingerprints.changes(before, after)).containsExactly("settings.learningRate 0.001 → 0.005");
    assertThat(Fingerprints.changes(before, before)).isEmpty();
  }
}
