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
 * {@link EngineIdentity#FROZEN_CLASSIFIER_REVISION} 2 (the head trained on features computed once): a change that alters one makes every user retrain, so it must be
 * deliberate (a revision bump, and these values updated with it). Histories written before still read.
 */
class GoldenFingerprintsTest {

  private static final String ENGINE = EngineIdentity.of("0.1.0-SNAPSHOT");
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
        + "model-files-r2/fashion-ae-maven-plugin-0.1.0-SNAPSHOT");
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
    stages.put("781f6675fcd97772bd08c7f856187c87811206afffe8b8cb73919facee111df4",
        AutoencoderStage.of(Defaults.autoencoder(), baseline, BASELINE));
    stages.put("b6393e506b72afb68ca995937b25af47274e640d6ab87e757853955a72c22100",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, baseline, BASELINE));
    stages.put("0d4568a809e63426186112386cf4c59c577f685849bbaf712e09e9e5f2ec27a9",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, baseline, BASELINE));
    stages.put("f481d65a88ecfdafc2e68c218e209a12e2c2c966bb9a3aa12e9f0c38b2ee728e",
        AutoencoderStage.of(Defaults.autoencoder(), quick, QUICK));
    stages.put("6c698b6def149f06b58529aebc74b05ac0238aef3c2e82bed26efd729eb9dd3d",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, quick, QUICK));
    stages.put("324544a51d44dee2cda91f7316ccd51e2527daeac6ad2da9c76de94b23302f47",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, quick, QUICK));
    stages.put("8a65040d0256a115bfbd9a5a98885147a66c826a041e4c039c0219692af61a3e",
        ClassifierStage.of(ClassifierMode.FINETUNE, QUICK_ENCODER, quick, QUICK));
    stages.put("cadfb0eed890d47995235f4e6690e9d3d125c4e872b4fef8d1cc4e264b49a4b4",
        ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER, quick, QUICK));

    stages.forEach((fingerprint, spec) -> assertThat(spec.fingerprint()).as(spec.stage()).isEqualTo(fingerprint));
  }

  @Test
  void theStudysExperimentsKeepTheirFingerprints() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("no-linear", "3a2dbe5270a34614ce55023194a81250974a85b157f778ccf6d8b8e3d347b4cc");
    expected.put("lr-learningRate=0.01-optimizer=adam", "f1491a31361f16e334bac087b1594bacf74178fdae55f96e62424468dede27b4");
    expected.put("lr-learningRate=0.01-optimizer=sgd", "e76d491497782aa97e6bf4a0e9166964be2fa5ac0ef13ae5449753d0263cb226");
    expected.put("lr-learningRate=0.005-optimizer=adam",
        "63bf16f98c334d4a7ac11c5a63c275a2fdbe40fea685830971dc1de54b595098");
    expected.put("lr-learningRate=0.005-optimizer=sgd", "e6cbe4ca93ae5f7db15d3768a017accc79ffb249d521a7fb49d9d82969173472");
    expected.put("lr-learningRate=0.001-optimizer=adam",
        "781f6675fcd97772bd08c7f856187c87811206afffe8b8cb73919facee111df4");
    expected.put("lr-learningRate=0.001-optimizer=sgd", "0cf8e84962215a7a53851edfc7ccc5210289e727025b72ac6341baa270de2e58");
    expected.put("dropout-dropout=0.35", "cad3e0f605fa36c3ba336e398359c29d69db091c5b41d935be6cdb5e9d3ff30f");
    expected.put("dropout-dropout=0.5", "92a607e1a757108b988d4b89aa779e945d1d60bd0e599b04a9708d6447b279ff");
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
