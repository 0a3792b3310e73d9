package io.github.fashionae.stage;

import io.github.fashionae.dataset.FashionMnist;
import java.util.Locale;

/**
 * Which examples a stage trains and validates on.
 *
 * @param validation where validation examples come from
 * @param validationSize how many training images are held out when {@code validation} is HOLDOUT; with TEST,
 *     how many test images are used (0 = all)
 * @param trainLimit train on the first N training examples after the hold-out (0 = all of them)
 */
public record DataOptions(ValidationSet validation, int validationSize, int trainLimit) {

  public DataOptions {
    if (validation == null) {
      throw new InvalidParameterException("validation", "holdout or test", "nothing");
    }
    if (validationSize < 0) {
      throw new InvalidParameterException("validationSize", "0 or more", validationSize);
    }
    if (validation == ValidationSet.HOLDOUT && validationSize == 0) {
      throw new InvalidParameterException("validationSize", "at least 1 image held out for validation", 0);
    }
    if (trainLimit < 0) {
      throw new InvalidParameterException("trainLimit", "0 (all) or more", trainLimit);
    }
    // Fashion-MNIST's sizes are fixed: a number beyond them is a mistake, said before any work, not clipped
    if (validation == ValidationSet.HOLDOUT && validationSize >= FashionMnist.TRAIN_COUNT) {
      throw new InvalidParameterException("validationSize", String.format(Locale.ROOT, "fewer than the %,d training "
          + "images held out (some must be left to train on)", FashionMnist.TRAIN_COUNT), validationSize);
    }
    if (validation == ValidationSet.TEST && validationSize > FashionMnist.TEST_COUNT) {
      throw new InvalidParameterException("validationSize", String.format(Locale.ROOT, "at most the %,d test images "
          + "with validation=test (0 = all of them)", FashionMnist.TEST_COUNT), validationSize);
    }
    int left = FashionMnist.TRAIN_COUNT - (validation == ValidationSet.HOLDOUT ? validationSize : 0);
    if (trainLimit > left) {
      throw new InvalidParameterException("trainLimit", String.format(Locale.ROOT, "at most the %,d training images "
          + "%s (0 = all of them)", left, validation == ValidationSet.HOLDOUT ? String.format(Locale.ROOT,
          "left after holding out %,d", validationSize) : "there are"), trainLimit);
    }
  }
}
