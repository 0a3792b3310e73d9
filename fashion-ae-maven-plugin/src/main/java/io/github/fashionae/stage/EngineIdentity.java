package io.github.fashionae.stage;

/**
 * The training engine's identity as a fingerprint input: what changes the numbers a run produces. Plain
 * strings, so that Maven's JVM can use them without loading DL4J.
 */
public final class EngineIdentity {

  /** The oneDNN natives for any x86-64 CPU ({@code nd4j-native:linux-x86_64-onednn}). */
  public static final String NATIVES_EXTENSION = "-onednn";

  /**
   * The revision of the networks and the training loop: bump it whenever a change alters the numbers a run
   * produces (layers, initialisation, randomness, activation or dropout implementations), so that cached
   * stages trained by the old code are not taken for the new code's. Released plugin versions are in the
   * fingerprint too, but a SNAPSHOT under development is not a version change.
   */
  public static final int TRAINING_REVISION = 2;

  /**
   * The revision of the classifier's training on top of {@link #TRAINING_REVISION}, a fingerprint input of
   * classifier stages only. 1: the classifier's {@code FastDropout} and {@code InputConvolutionLayer}.
   */
  public static final int CLASSIFIER_REVISION = 1;

  /** DL4J, natives, helpers and training revision, without the plugin's version. */
  static final String ENGINE = "dl4j-1.0.0-M2.1/nd4j-native-linux-x86_64" + NATIVES_EXTENSION
      + "/onednn-helpers/training-r" + TRAINING_REVISION;

  private EngineIdentity() {
  }

  /** The engine's identity for fingerprints, for this plugin version: DL4J, natives, revision, plugin. */
  public static String of(String pluginVersion) {
    return ENGINE + "/fashion-ae-maven-plugin-" + pluginVersion;
  }
}
