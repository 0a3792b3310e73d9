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
 * engine's platform joining its identity ({@code EnginePlatform}, the kernels oneDNN and OpenBLAS pick), and by
 * {@link EngineIdentity#TRAINING_REVISION} 3 (the autoencoder's fast layers, 2026-12-04): a change that alters one
 * makes every user retrain, so it must be deliberate (a revision bump, and these values updated with it). Histories
 * written before still read.
 */
class GoldenFingerprintsTest {

  /** The platform of the machine these were recorded on, a 2-core AMD EPYC Zen5 (AVX-512), as the engine names it. */
  private static final String ZEN5 = "onednn-avx512_core_bf16/openblas-haswell";
  private static final String ENGINE = EngineIdentity.onPlatform(EngineIdentity.of("0.1.0-SNAPSHOT"), ZEN5);
  /** A stand-in encoder digest for the classifiers of the baseline and study builds. */
  private static final String ENCODER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  /** The quick build's real autoencoder model.zip, as trained on 2026-12-01 (training revision 2, model files 2). */
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
    expected.put("engine", "dl4j-1.0.0-M2.1/nd4j-native-linux-x86_64-onednn/onednn-helpers/training-r3/"
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
    stages.put("647aa0c7c23a4a4acf2e85349ed04b690e813b945b9f43f68b6d680d59215bd6",
        AutoencoderStage.of(Defaults.autoencoder(), baseline, BASELINE));
    stages.put("126ba68483a8a7c8353a3912e8cc8cf6ea881293d6dfb85bf35e7a3a1b44d06a",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, baseline, BASELINE));
    stages.put("05b67fe38a829ab7cd8127c604e4ac1465ba680d3054af00f214638a11b1048b",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, baseline, BASELINE));
    stages.put("984e28dfe5c3de942e04cfceb910a7c9c2331e1a3b741be2b958161e20c9c6a4",
        AutoencoderStage.of(Defaults.autoencoder(), quick, QUICK));
    stages.put("66a45506037cf53bafeebca2b3e8b0ad99c1e99921d0f54b5d282670a5f93857",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, quick, QUICK));
    stages.put("481f43047b1e3e3c2f337fb11ce41fd5fe92f0028efba62e34d33f2eff1b7b61",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, quick, QUICK));
    stages.put("b4974eab9e3bbdaa52c1d1f4b97f128364c4057de4748aced802db658ee7cca1",
        ClassifierStage.of(ClassifierMode.FINETUNE, QUICK_ENCODER, quick, QUICK));
    stages.put("2c363d4ad74d7130115e43b5bbd53527f31d5b9e5bf764dd0f3cab0af830052c",
        ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER, quick, QUICK));

    assertThat(stages.values().stream().map(StageSpec::fingerprint).toList())
        .containsExactlyElementsOf(stages.keySet());
  }

  @Test
  void theStudysExperimentsKeepTheirFingerprints() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("no-linear", "8fc43b435fc3a74925e909dc6635884ac386eda1d567be396bb52dc267c5c1c0");
    expected.put("lr-learningRate=0.01-optimizer=adam", "4e44b29a8ce11f9e22e6a401bde6da8e2b158fc8e176f0ce66ebb3c718240012");
    expected.put("lr-learningRate=0.01-optimizer=sgd", "dc743400ad0c312670c480a62ccb0494ce7bedab1f2b5e402ba44a49da6c612a");
    expected.put("lr-learningRate=0.005-optimizer=adam",
        "510e8bcd6d6958102dbb171276323dacd7b0df32d194744060baaa792e915e3d");
    expected.put("lr-learningRate=0.005-optimizer=sgd", "f538d88784bd104d0f1605465d612840c58f1f10324bc3bd47d7669803898d5a");
    expected.put("lr-learningRate=0.001-optimizer=adam",
        "647aa0c7c23a4a4acf2e85349ed04b690e813b945b9f43f68b6d680d59215bd6");
    expected.put("lr-learningRate=0.001-optimizer=sgd", "af6143de124ba7c3a7ae75b2a1e9a08e5dfdb02633c78f0c8e79d75169a0072b");
    expected.put("dropout-dropout=0.35", "173f28d6077ebf11e200528858510acef18059ec03068eeb584240c8dfdca0ed");
    expected.put("dropout-dropout=0.5", "20e828c7d9bf002869be3afadbd0e6eb0e6f2e118dbbe10de8fd854630614499");
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
