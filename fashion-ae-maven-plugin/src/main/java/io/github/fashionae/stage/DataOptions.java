package io.github.fashionae.stage;


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
  }
}
