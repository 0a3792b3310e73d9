package io.github.fashionae.model;

import java.util.Locale;

/** How the classifier treats the encoder it is built on. */
public enum ClassifierMode {
  /** The encoder is trained further together with the head. */
  FINETUNE,
  /** The encoder's weights stay exactly as the autoencoder left them; only the head trains. */
  FROZEN;

  public static ClassifierMode parse(String parameter, String name) {
    if (name != null) {
      for (ClassifierMode mode : values()) {
        if (mode.name().equalsIgnoreCase(name.trim())) {
          return mode;
        }
      }
    }
    throw new InvalidParameterException(parameter, "finetune or frozen", "'" + name + "'");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
