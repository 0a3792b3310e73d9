package io.github.fashionae.stage;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The optimizers a stage can train with; names as users write them in the POM, case-insensitive. */
public enum Optimizer implements Labeled {
  /** Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, epsilon 1e-8). */
  ADAM,
  /** Plain stochastic gradient descent, no momentum. */
  SGD;

  /** Parses a name such as "adam" or "SGD", naming {@code parameter} when it is unknown. */
  public static Optimizer parse(String parameter, String name) {
    return InvalidParameterException.parseEnum(Optimizer.class, parameter, name, "one of " + Arrays.stream(values())
        .map(Optimizer::label).collect(Collectors.joining(", ")));
  }
}
