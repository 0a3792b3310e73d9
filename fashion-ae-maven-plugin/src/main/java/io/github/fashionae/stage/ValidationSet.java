package io.github.fashionae.stage;

import java.util.Locale;

/** Where validation losses come from. */
public enum ValidationSet {
  /** Images held out of the 60,000 training images, chosen from the seed; the test set stays unseen. */
  HOLDOUT,
  /** The official 10,000 test images, as the course's own convention did; the report says so. */
  TEST;

  public static ValidationSet parse(String parameter, String name) {
    return InvalidParameterException.parseEnum(ValidationSet.class, parameter, name, "holdout or test");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
