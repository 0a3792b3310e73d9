package io.github.fashionae.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.model.AutoencoderSpec;
import io.github.fashionae.model.ClassifierMode;
import io.github.fashionae.model.Optimizer;
import io.github.fashionae.model.TrainingSettings;
import io.github.fashionae.training.DataOptions;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.training.ValidationSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StageInputsTest {

  private static final List<TrainingJob.DataFile> DATA = List.of(
      new TrainingJob.DataFile("train-images-idx3-ubyte", "/cache/a.gz", "a".repeat(64)),
      new TrainingJob.DataFile("t10k-images-idx3-ubyte", "/cache/b.gz", "b".repeat(64)));

  private static TrainingJob autoencoder(AutoencoderSpec spec, TrainingSettings settings, DataOptions data,
                                         List<TrainingJob.DataFile> dataset, int threads, String engine,
                                         String output, String time) {
    return new TrainingJob("autoencoder", TrainingJob.Kind.AUTOENCODER, dataset, spec, null, null, null, settings,
        data, threads, engine, output, time, null, 0);
  }

  private static final TrainingSettings SETTINGS = new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 30, 42);
  private static final DataOptions OPTIONS = new DataOptions(ValidationSet.HOLDOUT, 10_000, 0);
  private static final TrainingJob BASE = autoencoder(AutoencoderSpec.baseline(), SETTINGS, OPTIONS, DATA, 1, "e1",
      "/checkout/one/target/fashion-ae/autoencoder", "1980-01-01T00:00:02Z");

  private static String fingerprint(TrainingJob job) {
    return StageInputs.fingerprint(StageInputs.of(job));
  }

  @Test
  void everyInputChangesTheFingerprint() {
    List<UnaryOperator<TrainingJob>> changes = List.of(
        j -> autoencoder(new AutoencoderSpec(32, true), SETTINGS, OPTIONS, DATA, 1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(new AutoencoderSpec(64, false), SETTINGS, OPTIONS, DATA, 1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.SGD, 0.001, 0.2, 100, 30, 42), OPTIONS, DATA,
            1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 100, 30, 42), OPTIONS, DATA,
            1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.35, 100, 30, 42), OPTIONS,
            DATA, 1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, 30, 42), OPTIONS, DATA,
            1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 29, 42), OPTIONS,
            DATA, 1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 30, 43), OPTIONS,
            DATA, 1, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, new DataOptions(ValidationSet.TEST, 10_000, 0), DATA, 1, "e1",
            j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, new DataOptions(ValidationSet.HOLDOUT, 5_000, 0), DATA, 1, "e1",
            j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, new DataOptions(ValidationSet.HOLDOUT, 10_000, 500), DATA, 1,
            "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, OPTIONS, List.of(DATA.get(0),
            new TrainingJob.DataFile("t10k-images-idx3-ubyte", "/cache/b.gz", "c".repeat(64))), 1, "e1",
            j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, OPTIONS, DATA, 2, "e1", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, OPTIONS, DATA, 1, "e2", j.outputDirectory(), j.archiveTime()),
        j -> autoencoder(j.autoencoder(), SETTINGS, OPTIONS, DATA, 1, "e1", j.outputDirectory(),
            "2026-11-27T00:00:00Z"));
    List<String> fingerprints = new ArrayList<>();
    fingerprints.add(fingerprint(BASE));
    for (UnaryOperator<TrainingJob> change : changes) {
      fingerprints.add(fingerprint(change.apply(BASE)));
    }

    assertThat(fingerprints).doesNotHaveDuplicates().hasSize(changes.size() + 1);
  }

  @Test
  void theClassifiersModeAndEncoderDigestChangeIt() {
    TrainingJob finetune = new TrainingJob("classifier-finetune", TrainingJob.Kind.CLASSIFIER, DATA, null,
        ClassifierMode.FINETUNE, "/x/model.zip", "d".repeat(64), SETTINGS, OPTIONS, 1, "e1", "/out", "t", null, 0);
    TrainingJob otherEncoder = new TrainingJob("classifier-finetune", TrainingJob.Kind.CLASSIFIER, DATA, null,
        ClassifierMode.FINETUNE, "/x/model.zip", "e".repeat(64), SETTINGS, OPTIONS, 1, "e1", "/out", "t", null, 0);
    TrainingJob frozen = new TrainingJob("classifier-frozen", TrainingJob.Kind.CLASSIFIER, DATA, null,
        ClassifierMode.FROZEN, "/x/model.zip", "d".repeat(64), SETTINGS, OPTIONS, 1, "e1", "/out", "t", null, 0);

    assertThat(List.of(fingerprint(finetune), fingerprint(otherEncoder), fingerprint(frozen))).doesNotHaveDuplicates();
  }

  @Test
  void pathsCheckpointsAndTestHooksDoNot() {
    List<TrainingJob.DataFile> elsewhere = DATA.stream()
        .map(f -> new TrainingJob.DataFile(f.name(), "/home/other/.m2/fashion-ae/" + f.name(), f.sha256())).toList();
    TrainingJob moved = autoencoder(AutoencoderSpec.baseline(), SETTINGS, OPTIONS, elsewhere, 1, "e1",
        "/checkout/two/target/fashion-ae/autoencoder", "1980-01-01T00:00:02Z").withRun("/tmp/checkpoints", 2);

    assertThat(fingerprint(moved)).isEqualTo(fingerprint(BASE));
  }

  @Test
  void explainsWhatChanged() {
    Map<String, String> before = StageInputs.of(BASE);
    Map<String, String> after = StageInputs.of(autoencoder(AutoencoderSpec.baseline(),
        new TrainingSettings(Optimizer.ADAM, 0.005, 0.2, 100, 30, 42), OPTIONS, DATA, 1, "e1", "/o", BASE.archiveTime()));

    assertThat(StageInputs.changes(before, after)).containsExactly("settings.learningRate 0.001 → 0.005");
    assertThat(StageInputs.changes(before, before)).isEmpty();
  }
}
