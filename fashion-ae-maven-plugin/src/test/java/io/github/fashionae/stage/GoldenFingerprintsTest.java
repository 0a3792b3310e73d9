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
 * {@link StageSpec}s (2026-12-01): a change that alters one makes every user retrain, so it must be deliberate
 * (a revision bump, and these values updated with it). Histories written before the change still read.
 */
class GoldenFingerprintsTest {

  private static final String ENGINE = EngineIdentity.of("0.1.0-SNAPSHOT");
  /** A stand-in encoder digest for the classifiers of the baseline and study builds. */
  private static final String ENCODER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  /** The quick build's real autoencoder model.zip, as trained on 2026-12-01. */
  private static final String QUICK_ENCODER = "d3a1bb5bdfc2e10035feee6938468160ae112370f583eee0cb9fa6c4f271a5c6";

  private static BuildInputs build(DataOptions data) {
    List<DatasetDigest> dataset = FashionMnist.SPEC.files().stream()
        .map(f -> new DatasetDigest(f.name(), f.sha256())).toList();
    return new BuildInputs(dataset, data, 1, ENGINE, DeterministicZip.entryTime("2026-11-27T00:00:00Z").toString());
  }

  private static final BuildInputs BASELINE = build(new DataOptions(ValidationSet.HOLDOUT, 10_000, 0));
  private static final BuildInputs QUICK = build(new DataOptions(ValidationSet.HOLDOUT, 500, 1000));

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
        + "fashion-ae-maven-plugin-0.1.0-SNAPSHOT");
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
    stages.put("80d218eb4283de9c38d1b4b750ed542dbc2940f87ba27c262111f5a622badb38",
        AutoencoderStage.of(Defaults.autoencoder(), baseline, BASELINE));
    stages.put("e805f0c9caa180c4b96fcd1c3ebcfd41b929134e8c50026f9fe3fdcc6e61d3be",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, baseline, BASELINE));
    stages.put("cc0d2a6b7ad8527d43e10339dd90b0124514327c2e5ec0e04622ae55043f5f97",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, baseline, BASELINE));
    stages.put("822acd500273dcb26380322d0fc5367fc92b502087da1fda9d257eb9755e46e4",
        AutoencoderStage.of(Defaults.autoencoder(), quick, QUICK));
    stages.put("d74e3abbe04b8d988194c987d98a15ec6260bc0b65e5cb4a4ad744cf9b9bb67f",
        ClassifierStage.of(ClassifierMode.FINETUNE, ENCODER, quick, QUICK));
    stages.put("af7ba4ea67d0c84730bb3d5040226ee3cc894bcb3588c942b35f2bec4096d0c6",
        ClassifierStage.of(ClassifierMode.FROZEN, ENCODER, quick, QUICK));
    stages.put("dc11c9e70f2213c94e1997a8d7298c753135496a520c4578cde6ac58fbfac3fd",
        ClassifierStage.of(ClassifierMode.FINETUNE, QUICK_ENCODER, quick, QUICK));
    stages.put("6f1e9bd7cd2c444892789f5a325ae066204e291f460bd25974499d00fe4d434d",
        ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER, quick, QUICK));

    stages.forEach((fingerprint, spec) -> assertThat(spec.fingerprint()).as(spec.stage()).isEqualTo(fingerprint));
  }

  @Test
  void theStudysExperimentsKeepTheirFingerprints() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("no-linear", "d7301661b0cb728483ab79257bf10c745b82c0e4333c5119774cf1a603d5f786");
    expected.put("lr-learningRate=0.01-optimizer=adam", "09ddd7656b297b39dab759a6c056337a9954b7e6040688c7d0b14425d5c905c1");
    expected.put("lr-learningRate=0.01-optimizer=sgd", "bac54b13d2e15f5fe91faab9d6f5a13514a8d6b35fba40d0121bc9ab7f909c83");
    expected.put("lr-learningRate=0.005-optimizer=adam",
        "72407ee33a38f41ef488e3e419bf94dd76fb1b3f63aa9e5c41d92c4ca6474ebe");
    expected.put("lr-learningRate=0.005-optimizer=sgd", "2513428a1cfe336260059a6bc14f3b990df1451ffa79272b90b1801d138337e6");
    expected.put("lr-learningRate=0.001-optimizer=adam",
        "80d218eb4283de9c38d1b4b750ed542dbc2940f87ba27c262111f5a622badb38");
    expected.put("lr-learningRate=0.001-optimizer=sgd", "ba5b3153891b937e348b99f12bb439a9bfdbcce5eb0a658eedd043ca978ef688");
    expected.put("dropout-dropout=0.35", "d38f68bf189ca768a9f10982e2cf7830a292f324a2052c686f95677bd5974bc1");
    expected.put("dropout-dropout=0.5", "43a6ab546b4530e465f518649cf34629ced467696c8c0f1f70436f9fc4ea7c01");
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
    assertThat(frozen.spec()).isEqualTo(ClassifierStage.of(ClassifierMode.FROZEN, QUICK_ENCODER,
        Defaults.settings(42, 2), QUICK));
    assertThat(frozen.spec().fingerprint())
        .isEqualTo("6f1e9bd7cd2c444892789f5a325ae066204e291f460bd25974499d00fe4d434d");
    assertThat(Json.pretty(frozen)).doesNotContain("/root/").doesNotContain("\"job\"").contains("\"spec\"");
  }

  private static TrainingSummary read(String name) throws Exception {
    return Json.MAPPER.readValue(Path.of("src/test/resources/golden", name).toFile(), TrainingSummary.class);
  }
}
