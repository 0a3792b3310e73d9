package io.github.fashionae.engine;

import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.ValidationSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The examples of one training run: indices into the training file for training, and the examples (from the
 * training file or the test file) for validation. A pure function of the data, the options and the seed.
 *
 * @param train the training file's images
 * @param trainIndices the training examples, in file order
 * @param validation the images validation draws from (the training file, or the test file)
 * @param validationIndices the validation examples, in file order
 * @param description one line for histories and reports, e.g. "10,000 training images held out (seed 42)"
 */
public record DataSplit(LabeledImages train, int[] trainIndices, LabeledImages validation, int[] validationIndices,
                        String description) {

  /** Splits per {@code options}; the hold-out is a seeded permutation of the training file. */
  public static DataSplit of(LabeledImages train, LabeledImages test, DataOptions options, long seed) {
    int total = train.count();
    int[] trainIndices;
    int[] validationIndices;
    LabeledImages validation;
    String description;
    if (options.validation() == ValidationSet.HOLDOUT) {
      if (options.validationSize() >= total) {
        throw new InvalidParameterException("validationSize", "fewer than the " + total + " training images",
            options.validationSize());
      }
      int[] permutation = permutation(total, new SplittableRandom(seed ^ 0x5EED_DA7AL));
      validationIndices = sorted(Arrays.copyOfRange(permutation, 0, options.validationSize()));
      trainIndices = sorted(Arrays.copyOfRange(permutation, options.validationSize(), total));
      validation = train;
      description = String.format(Locale.ROOT, "%,d training images held out for validation (seed %d); "
          + "the test set is not seen in training", options.validationSize(), seed);
    } else {
      int size = options.validationSize() == 0 ? test.count() : Math.min(options.validationSize(), test.count());
      validationIndices = range(size);
      trainIndices = range(total);
      validation = test;
      description = String.format(Locale.ROOT, "the first %,d official test images (the course's convention: "
          + "validation losses are test losses)", size);
    }
    if (options.trainLimit() > 0 && options.trainLimit() < trainIndices.length) {
      trainIndices = Arrays.copyOf(trainIndices, options.trainLimit());
      description += String.format(Locale.ROOT, "; training limited to %,d examples", options.trainLimit());
    }
    return new DataSplit(train, trainIndices, validation, validationIndices, description);
  }

  /** A seeded Fisher-Yates permutation of 0..n-1. */
  static int[] permutation(int n, SplittableRandom random) {
    int[] order = range(n);
    shuffle(order, random);
    return order;
  }

  /** Shuffles in place (Fisher-Yates). */
  static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** 0, 1, ..., n - 1. */
  static int[] range(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  private static int[] sorted(int[] values) {
    Arrays.sort(values);
    return values;
  }
}
