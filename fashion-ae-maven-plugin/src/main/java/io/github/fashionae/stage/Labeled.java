package io.github.fashionae.stage;

import java.util.Locale;

/** An enum spelled in lower case where users and fingerprints see it: {@code ADAM} is "adam". */
public interface Labeled {

  /** The constant's name, as every enum has it. */
  String name();

  /** The name in lower case: how POMs, messages and fingerprints spell it. */
  default String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
