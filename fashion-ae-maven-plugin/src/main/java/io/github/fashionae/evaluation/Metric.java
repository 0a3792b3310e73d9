package io.github.fashionae.evaluation;

import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The test metrics a quality gate can bound, by the names a POM uses. */
public enum Metric {
  /** The autoencoder's per-pixel mean squared error on the test images. */
  MSE("mse", "test MSE", StageKind.AUTOENCODER, false),
  /** A classifier's mean cross-entropy on the test images. */
  CROSS_ENTROPY("crossEntropy", "test cross-entropy", StageKind.CLASSIFIER, false),
  /** A classifier's fraction of correctly classified test images. */
  ACCURACY("accuracy", "test accuracy", StageKind.CLASSIFIER, true),
  /** A classifier's unweighted mean of the per-class F1 scores. */
  MACRO_F1("macroF1", "test macro F1", StageKind.CLASSIFIER, true);

  private final String key;
  private final String label;
  private final StageKind kind;
  private final boolean fraction;

  Metric(String key, String label, StageKind kind, boolean fraction) {
    this.key = key;
    this.label = label;
    this.kind = kind;
    this.fraction = fraction;
  }

  /** The name in a POM's rule, e.g. "accuracy". */
  public String key() {
    return key;
  }

  /** The name in messages, e.g. "test accuracy". */
  public String label() {
    return label;
  }

  /** The kind of stage the metric is measured on. */
  public StageKind kind() {
    return kind;
  }

  /** This metric's value in {@code evaluation}, when its stage's kind has it. */
  public Optional<Double> of(StageEvaluation evaluation) {
    return Optional.ofNullable(switch (this) {
      case MSE -> evaluation.mse();
      case CROSS_ENTROPY -> evaluation.crossEntropy();
      case ACCURACY -> evaluation.accuracy();
      case MACRO_F1 -> evaluation.macroF1();
    });
  }

  /** True where a higher value is better (accuracy, macro F1); false where lower is (MSE, cross-entropy). */
  public boolean higherIsBetter() {
    return this == ACCURACY || this == MACRO_F1;
  }

  /** True for metrics in [0, 1]; the others are at least 0. */
  public boolean fraction() {
    return fraction;
  }

  public static Optional<Metric> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }

  /** The keys, for messages: "mse, crossEntropy, accuracy, macroF1". */
  public static String keys() {
    return Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "));
  }
}
