package io.github.fashionae.stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs, and the metrics they give. Rows are actual classes,
 * columns predicted ones. A class that is never predicted has precision 0, one that never occurs recall 0,
 * and F1 is 0 when precision and recall are both 0 (scikit-learn's {@code zero_division=0}).
 */
public final class ConfusionMatrix {

  private final long[][] counts;

  private ConfusionMatrix(long[][] counts) {
    this.counts = counts;
  }

  /** A matrix of {@code classes × classes} counts, validated and copied. */
  public static ConfusionMatrix of(long[][] counts) {
    int classes = counts.length;
    if (classes == 0) {
      throw new IllegalArgumentException("a confusion matrix needs at least one class");
    }
    long[][] copy = new long[classes][];
    for (int row = 0; row < classes; row++) {
      if (counts[row].length != classes) {
        throw new IllegalArgumentException("expected a square " + classes + "x" + classes + " matrix, row " + row
            + " has " + counts[row].length + " columns");
      }
      for (long count : counts[row]) {
        if (count < 0) {
          throw new IllegalArgumentException("expected counts of at least 0, found " + count + " in row " + row);
        }
      }
      copy[row] = counts[row].clone();
    }
    return new ConfusionMatrix(copy);
  }

  /** Accumulates predictions, and remembers each one in the order they are added. */
  public static final class Counter {
    private final long[][] counts;
    private final java.io.ByteArrayOutputStream predictions = new java.io.ByteArrayOutputStream();

    public Counter(int classes) {
      if (classes < 1 || classes > Byte.MAX_VALUE) {
        throw new IllegalArgumentException("expected 1 to " + Byte.MAX_VALUE + " classes, found " + classes);
      }
      counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
      counts[actual][predicted]++;
      predictions.write(predicted);
    }

    /** The predicted classes, one byte each, in the order they were added. */
    public byte[] predictions() {
      return predictions.toByteArray();
    }

    public ConfusionMatrix toMatrix() {
      return of(counts);
    }
  }

  public int classes() {
    return counts.length;
  }

  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** A copy of the counts, rows actual, columns predicted. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int row = 0; row < counts.length; row++) {
      copy[row] = counts[row].clone();
    }
    return copy;
  }

  public long total() {
    return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
  }

  /** How many examples of class {@code c} there are: its row's sum. */
  public long support(int c) {
    return Arrays.stream(counts[c]).sum();
  }

  /** How often class {@code c} was predicted: its column's sum. */
  public long predicted(int c) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[c];
    }
    return sum;
  }

  /** The fraction on the diagonal. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    long total = total();
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}. */
  public double precision(int c) {
    long predicted = predicted(c);
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  /** Of the examples of class {@code c}, the fraction predicted as {@code c}. */
  public double recall(int c) {
    long support = support(c);
    return support == 0 ? 0 : (double) counts[c][c] / support;
  }

  /** The harmonic mean of precision and recall. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The unweighted mean of the classes' F1. */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += f1(c);
    }
    return sum / counts.length;
  }

  /** Precision, recall, F1 and support of every class, named by {@code names}. */
  public List<ClassMetrics> perClass(List<String> names) {
    if (names.size() != counts.length) {
      throw new IllegalArgumentException("expected " + counts.length + " class names, found " + names.size());
    }
    List<ClassMetrics> metrics = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      metrics.add(new ClassMetrics(c, names.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    return metrics;
  }

  /**
   * One class's metrics.
   *
   * @param label the class's label
   * @param name the class's name
   * @param precision of the examples predicted as this class, the fraction that are
   * @param recall of this class's examples, the fraction predicted as it
   * @param f1 the harmonic mean of precision and recall
   * @param support how many examples of the class there are
   */
  public record ClassMetrics(int label, String name, double precision, double recall, double f1, long support) {
  }
}
