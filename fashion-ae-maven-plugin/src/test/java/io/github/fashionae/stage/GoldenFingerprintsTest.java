package io.github.fashionae.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.experiments.Experiment;
import io.github.fashionae.experiments.ExperimentPlan;
import io.github.fashionae.experiments.Overrides;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fingerprints of today's baseline, quick and study builds, recorded from the plugin before stages became
 * {@link StageSpec}s (2026-12-01), and moved on purpose since, by {@link EngineIdentity#MODEL_FILES_REVISION}
 * 2 (plain-DL4J model.zip and model.onnx) and, for frozen classifiers, by
 * {@link EngineIdentity#FROZEN_CLASSIFIER_REVISION} 2 (the head trained on features computed once), and by the
 * engine's platform joining its identity ({@code EnginePlatform}, the kernels oneDNN and OpenBLAS pick): a change that alters one makes every user retrain, so it must be
 * deliberate (a revision bump, and these values updated with it). Histories written before still read.
 */
class GoldenFingerprintsTest {

  /** The platform of the machine these were recorded on, a 2-core AMD EPYC Zen5 (AVX-512), as the engine names it. */
  private static final String ZEN5 = "onednn-avx512_core_bf16/openblas-haswell";
  private static final String ENGINE = EngineIdentity.onPlatform(EngineIdentity.of("0.1.0-SNAPSHOT"), ZEN5);
  /** A stand-in encoder digest for the classifiers of the baseline and study builds. */
  private static final String ENCODER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  /** The quick build's real autoencoder model.zip, as trained on 2026-12-01 (model files revision 2). */
  private static final String QUICK_ENCODER = "92cab771e08ee1d15e09c7b7477d35ed401ca23b48814c0d17bf2f8d651beea2";
  /** The same autoencoder's model.zip in the form of model files revision 1 (the same parameters). */
  private static final String QUICK_ENCODER_REVISION_1 =
      "d3a1bb5bdfc2e10035feee6938468160ae112370f583eee0cb9fa6c4f271a5c6";

  private static BuildInputs build(DataOptions data) {
    List<DatasetDigest> dataset = FashionMnist.SPEC.files().stream()
        .map(f -> new DatasetDigest(f.name(), f.sha256())).toList();
    return new BuildInputs(dataset, data, 1, ENGINE, DeterministicZip.entryTime("2026-11-27T00:00:00Z").toString());
  }

  private static final BuildInputs BASELINE = build(new DataOptions(ValidationSet.HOLDOUT, 10_000, 0));
  private static final BuildInputs QUICK = build(new DataOptions(ValidationSet.HOLDOUT, 500, 1000));
  /** The quick build's inputs before model files revision 2 (portable model.zip, model.onnx): its histories' engine. */
  private static final BuildInputs QUICK_REVISION_1 = new BuildInputs(QUICK.dataset(), QUICK.data(), 1,
      "dl4j-1.0.0-M2.1/nd4j-native-linux-x86_64-onednn/onednn-helpers/training-r2/"
          + "fashion-ae-maven-plugin-0.1.0-SNAPSHOT",
      QUICK.archiveTime());

  @Test
  void theBaselineAutoencodersInputsAreTodays() {
    Map<String, String> expected = new TreeMap<>();
    expected.put("archive.entryTime", "2026-11-27T00:00:00Z");
    expected.put("autoencoder.latentSize", "64");
    expected.put("autoencoder.linearBottleneck", "true");
    expected.put("data.trainLimit", "0");
    expected.put("data.validation", "holdout");
    expected.put("data.validationSize", "10000");
    expected.put("dataset.t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    expected.put("dataset.t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    expected.put("dataset.train-images-idx3-ubyte",
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    expected.put("dataset.train-labels-idx1-ubyte",
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    expected.put("engine", "dl4j-1.0.0-M2.1/nd4j-native-linux-x86_64-onednn/onednn-helpers/training-r2/"
        + "model-files-r2/fashion-ae-maven-plugin-0.1.0-SNAPSHOT/onednn-avx512_core_bf16/openblas-haswell");
    expected.put("engine.threads", "1");
    expected.put("kind", "autoencoder");
    expected.put("settings.batchSize", "100");
    expected.put("settings.dropout", "0.2");
    expected.put("settings.epochs", "30");
    expected.put("settings.learningRate", "0.001");
    expected.put("settings.optimizer", "adam");
    expected.put("settings.seed", "42");
    expected.put("stage", "autoencoder");

    assertThat(AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(42), BASELINE).inputs())
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void theBaselineAndQuickBuildsKeepTheirFingerprints() {
    TrainingSettings baseline = Defaults.settings(42);
    TrainingSettings quick = Defaults.settings(42, 2);
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    stages.put("38a3bd4a1852829d3cf9ba76d3f0fb4d41192740b9097087b7dcdce26b736b93",
        AutoencoderStage.of(Defaults.autoencoder(), baseline, BASELINE));
    stages.put("8eb0ef12d0cc6c6c97c3b5c3795dd891af52fce6e10ff0cec77313698b37c8af",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, baseline, BASELINE));
    stages.put("9a846f3bcdd851e7d4e126b981f1a93a315968b9321f98a5f922a3826903cd5d",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, baseline, BASELINE));
    stages.put("36979e5ffd19b9781e58036473d343f4d53543c54f8e7641b7e4c47c51e0083d",
        AutoencoderStage.of(Defaults.autoencoder(), quick, QUICK));
    stages.put("82b100909cabea8861d38bca0ac78763af9941bc30824e97402ec18519ff980e",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, quick, QUICK));
    stages.put("1f140894cfa5a74087f70a78026624d297fed87bbd64192d690ad642f88ebf92",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, quick, QUICK));
    stages.put("85ab573242c0ce8c9898cb81cf6297edfdff9dc256b065bcf5531a1d6d203cdf",
        ClassifierStage.of(ClassifierMode.FINETUNE, QUICK_ENCODER, quick, QUICK));
    stages.put("04206d0f889468fae9395acfc8c9cf459c9fc3e1c37d0ee7e2e70df855e91bd3",
        ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER, quick, QUICK));

    assertThat(stages.values().stream().map(StageSpec::fingerprint).toList())
        .containsExactlyElementsOf(stages.keySet());
  }

  @Test
  void theStudysExperimentsKeepTheirFingerprints() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("no-linear", "3bb66d13978b7d2bfcfb4acafef2dce26affe6e83b950a6625ca237a0d3aefab");
    expected.put("lr-learningRate=0.01-optimizer=adam", "37efe0230cc8f75f42c543832a932a3551aebcc2b65bd79258c4cbc96a6dd36d");
    expected.put("lr-learningRate=0.01-optimizer=sgd", "608dcc0a7ebf7380512c659ed37c47fb2727b115f1f8cf920786173a15ce0e1a");
    expected.put("lr-learningRate=0.005-optimizer=adam",
        "31a326a83cdf3bea52b53f653e31f332bbb3488e48960480a734cb538457b12a");
    expected.put("lr-learningRate=0.005-optimizer=sgd", "f7ae894a0ba951ec7080984e0b8bd34319dbeae4a5c5345f0764e7c135774111");
    expected.put("lr-learningRate=0.001-optimizer=adam",
        "38a3bd4a1852829d3cf9ba76d3f0fb4d41192740b9097087b7dcdce26b736b93");
    expected.put("lr-learningRate=0.001-optimizer=sgd", "fddbb57b9048452d5614b7151cf4e27642399a1ead5ea07bdb16c7a36207d37f");
    expected.put("dropout-dropout=0.35", "fe6d1680d9690c47ce4fe46338e2ccdfb0ad1e722117c31e38592a5ffbc517c7");
    expected.put("dropout-dropout=0.5", "03382c891b04f1ccea5214df60384ce7ae83b55e32be5a3065c404bd0baa662d");
    List<Experiment> declared = List.of(new Experiment("no-linear", new TreeMap<>(Map.of("linearBottleneck",
        "false"))));
    List<ExperimentPlan.Sweep> sweeps = List.of(
        new ExperimentPlan.Sweep("lr", new TreeMap<>(Map.of("optimizer", List.of("adam", "sgd"), "learningRate",
            List.of("0.01", "0.005", "0.001"))), null),
        new ExperimentPlan.Sweep("dropout", new TreeMap<>(Map.of("dropout", List.of("0.35", "0.5"))), null));
    TrainingSettings baseline = Defaults.settings(42);
    Map<String, String> actual = new LinkedHashMap<>();
    for (Experiment experiment : ExperimentPlan.expand(declared, sweeps)) {
      Overrides.Resolved resolved = Overrides.apply(new Overrides.Baseline(Defaults.autoencoder(), baseline,
          baseline), experiment);
      actual.put(experiment.name(), AutoencoderStage.of(resolved.autoencoder(), resolved.autoencoderSettings(),
          BASELINE).fingerprint());
    }

    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void historiesWrittenBeforeSpecsReadAsTheSameStages() throws Exception {
    TrainingSummary autoencoder = read("history-before-specs-autoencoder.json");
    TrainingSummary frozen = read("history-before-specs-classifier-frozen.json");

    assertThat(autoencoder.spec()).isInstanceOf(AutoencoderStage.class);
    assertThat(autoencoder.spec().fingerprint())
        .isEqualTo("822acd500273dcb26380322d0fc5367fc92b502087da1fda9d257eb9755e46e4");
    assertThat(frozen.spec()).isEqualTo(ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER_REVISION_1,
        Defaults.settings(42, 2), QUICK_REVISION_1));
    // 6f1e9bd7… when it was written: the classifier revision is the code's, not the file's, and the frozen
    // classifier's moved to FROZEN_CLASSIFIER_REVISION 2 since
    assertThat(frozen.spec().fingerprint())
        .isEqualTo("fffdfac405c05bc891e5180e40c04c825b167f50d7f05ff76bcaa018f640ddd4");
    assertThat(Json.pretty(frozen)).doesNotContain("/root/").doesNotContain("\"job\"").contains("\"spec\"");
  }

  private static TrainingSummary read(String name) throws Exception {
    return Json.MAPPER.readValue(Path.of("src/test/resources/golden", name).toFile(), TrainingSummary.class);
  }
}
