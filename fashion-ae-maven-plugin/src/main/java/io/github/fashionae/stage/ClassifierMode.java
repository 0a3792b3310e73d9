package io.github.fashionae.stage;

/** How the classifier treats the encoder it is built on. */
public enum ClassifierMode implements Labeled {
  /** The encoder is trained further together with the head. */
  FINETUNE,
  /** The encoder's weights stay exactly as the autoencoder left them; only the head trains. */
  FROZEN;

  public static ClassifierMode parse(String parameter, String name) {
    return InvalidParameterException.parseEnum(ClassifierMode.class, parameter, name, "finetune or frozen");
  }
}
