package io.github.fashionae.report;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.ConfusionMatrix;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Report data shaped like a real 30-epoch study, made up from formulas (no training needed). */
public final class ReportFixtures {

  private ReportFixtures() {
  }

  static StageSpec spec(StageKind kind, ClassifierMode mode) {
    BuildInputs build = new BuildInputs(List.of(), new DataOptions(ValidationSet.HOLDOUT, 10_000, 0), 1, "engine",
        "1980-01-01T00:00:00Z");
    return kind == StageKind.AUTOENCODER
        ? AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(42), build)
        : ClassifierStage.of(mode, "ab", Defaults.settings(42), build);
  }

  static TrainingSummary history(String stage, StageKind kind, ClassifierMode mode, double scale) {
    List<EpochRecord> epochs = new ArrayList<>();
    for (int e = 1; e <= 30; e++) {
      double loss = scale * (1 + 2.0 / e);
      Double accuracy = kind == StageKind.AUTOENCODER ? null : 0.9 - 0.2 / e;
      epochs.add(new EpochRecord(e, loss * 0.8, loss, loss * 1.05, accuracy, accuracy == null ? null : accuracy - 0.01,
          40 + e % 3));
    }
    return new TrainingSummary(stage, spec(kind, mode), "10,000 training images held out for validation "
        + "(seed 42)", 50_000, 10_000, "DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, oneDNN helpers on, 1 thread",
        epochs, "p".repeat(64));
  }

  static String pixels(int seed) {
    byte[] bytes = new byte[28 * 28];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ((i * 7 + seed * 31) % 256);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  static StageEvaluation autoencoderEvaluation() {
    List<StageEvaluation.Sample> samples = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      samples.add(new StageEvaluation.Sample(c * 3, c, FashionMnist.CLASS_NAMES.get(c), pixels(c), pixels(c + 1),
          pixels(c + 50)));
    }
    return new StageEvaluation("autoencoder", StageKind.AUTOENCODER, "m".repeat(64), "t".repeat(64), 10_000,
        0.0265, null, null, null, null, null, samples, "engine", null);
  }

  static StageEvaluation classifierEvaluation(String stage, int correct) {
    long[][] counts = new long[10][10];
    for (int c = 0; c < 10; c++) {
      counts[c][c] = correct;
      counts[c][(c + 1) % 10] = 1000 - correct;
    }
    ConfusionMatrix m = ConfusionMatrix.of(counts);
    return new StageEvaluation(stage, StageKind.CLASSIFIER, "m".repeat(64), "t".repeat(64), 10_000, null,
        0.25, m.accuracy(), m.macroF1(), m.counts(), m.perClass(FashionMnist.CLASS_NAMES), null, "engine", null);
  }

  /** The baseline study: the autoencoder and both classifiers, evaluated, with a gate of two rules. */
  public static ReportData study() {
    List<ReportData.Stage> stages = List.of(
        new ReportData.Stage("autoencoder", null, history("autoencoder", StageKind.AUTOENCODER, null, 0.02),
            "f".repeat(64), "m".repeat(64), autoencoderEvaluation()),
        new ReportData.Stage("classifier-finetune", null, history("classifier-finetune", StageKind.CLASSIFIER,
            ClassifierMode.FINETUNE, 0.25), "g".repeat(64), "n".repeat(64),
            classifierEvaluation("classifier-finetune", 915)),
        new ReportData.Stage("classifier-frozen", null, history("classifier-frozen", StageKind.CLASSIFIER,
            ClassifierMode.FROZEN, 0.5), "h".repeat(64), "o".repeat(64),
            classifierEvaluation("classifier-frozen", 801)));
    List<StageEvaluation> evaluations = stages.stream().map(ReportData.Stage::evaluation).toList();
    GateResult gate = new GateResult(2, QualityGate.check(List.of(
        QualityGate.Rule.of(1, "classifier-finetune", "accuracy", 0.9, null),
        QualityGate.Rule.of(2, "classifier-frozen", "accuracy", 0.85, null)), evaluations), true);
    List<ReportData.DatasetFile> dataset = List.of(
        new ReportData.DatasetFile(FashionMnist.TEST_IMAGES.name(), FashionMnist.TEST_IMAGES.sha256(), 7_840_016,
            10_000));
    return new ReportData("Fashion-MNIST study <test>", "2026-11-27", "fashion-ae-maven-plugin test", dataset, stages,
        gate);
  }
}
