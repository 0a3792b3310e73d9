package io.github.fashionae.stage;

/** Where validation losses come from. */
public enum ValidationSet implements Labeled {
  /** Images held out of the 60,000 training images, chosen from the seed; the test set stays unseen. */
  HOLDOUT,
  /** The official 10,000 test images, as the course's own convention did; the report says so. */
  TEST;

  public static ValidationSet parse(String parameter, String name) {
    return InvalidParameterException.parseEnum(ValidationSet.class, parameter, name, "holdout or test");
  }
}
