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
   * fingerprint too, but a SNAPSHOT under development is not a version change. 3: the autoencoder trains with
   * the classifier's fast layers ({@code FastDropout}, {@code InputConvolutionLayer}), and evaluations (and a frozen
   * encoder's features) are computed in batches of 100 instead of 1,000.
   */
  public static final int TRAINING_REVISION = 3;

  /**
   * The revision of the classifier's training on top of {@link #TRAINING_REVISION}, a fingerprint input of
   * classifier stages only. 1: the classifier's {@code FastDropout} and {@code InputConvolutionLayer}.
   */
  public static final int CLASSIFIER_REVISION = 1;

  /**
   * The revision of the frozen classifier's training on top of {@link #CLASSIFIER_REVISION}: 2, its head trains on
   * the frozen encoder's features, computed once per image in the evaluation's batches, instead of the encoder running for
   * every minibatch. The features differ in the last bits from those of a minibatch's forward pass (a GEMM's
   * result for an image depends on its row in the batch), so the numbers a run gives differ slightly.
   */
  public static final int FROZEN_CLASSIFIER_REVISION = 2;

  /** The classifier revision of a stage of {@code mode}. */
  public static int classifierRevision(ClassifierMode mode) {
    return mode == ClassifierMode.FROZEN ? FROZEN_CLASSIFIER_REVISION : CLASSIFIER_REVISION;
  }

  /**
   * The revision of the files a stage publishes, a fingerprint input of every stage: bump it whenever a change
   * alters their bytes without changing the training, so that no cache entry of the old form is served as the new
   * one. 1: {@code model.zip} in the fast layers' form. 2: {@code model.zip} names only DL4J's own classes, and
   * {@code model.onnx} beside it.
   */
  public static final int MODEL_FILES_REVISION = 2;

  /** The Deeplearning4j version the engine runs, and that writes every {@code model.zip}. */
  public static final String DL4J_VERSION = "1.0.0-M2.1";

  /** DL4J, natives, helpers, training and model files revisions, without the plugin's version. */
  static final String ENGINE = "dl4j-" + DL4J_VERSION + "/nd4j-native-linux-x86_64" + NATIVES_EXTENSION
      + "/onednn-helpers/training-r" + TRAINING_REVISION + "/model-files-r" + MODEL_FILES_REVISION;

  /**
   * The revision of the portable numerics (package {@code numerics} and the portable layers): a portable stage's
   * engine input in place of the platform and the thread count. Bump it whenever a change alters a bit of what they
   * compute. 1: the first portable kernels and layers (issue 23, opt-in with {@code fashionae.numerics=portable}).
   * 2: the weights drawn in Java ({@code PortableInitialisation}) instead of by ND4J's native generator; the
   * default numerics.
   */
  public static final int PORTABLE_NUMERICS_REVISION = 2;

  private static final String PORTABLE = "/portable-numerics-r";

  private EngineIdentity() {
  }

  /**
   * The engine input of a stage trained by the portable numerics: the software {@code engine} and the portable
   * numerics' revision, and no platform: its bytes are the same on every CPU and with any thread count, so one
   * cache entry serves every machine.
   */
  public static String portable(String engine) {
    return engine + PORTABLE + PORTABLE_NUMERICS_REVISION;
  }

  /** True when {@code engine} is a stage's engine input of the portable numerics ({@link #portable}). */
  public static boolean isPortable(String engine) {
    return engine.contains(PORTABLE);
  }

  /**
   * The engine's software for fingerprints, for this plugin version: DL4J, natives, revisions, plugin. A stage's
   * engine input is this {@link #onPlatform on the platform} it runs on.
   */
  public static String of(String pluginVersion) {
    return ENGINE + "/fashion-ae-maven-plugin-" + pluginVersion;
  }

  /**
   * The engine input of a stage: the software {@code engine} and the kernels its native libraries pick on this
   * machine, e.g. ".../fashion-ae-maven-plugin-0.1.0/onednn-avx2/openblas-zen" (see {@code fork.EnginePlatform}):
   * the same inputs give other bits under other kernels, so no cache serves one platform's stage to another.
   */
  public static String onPlatform(String engine, String platform) {
    return engine + "/" + platform;
  }
}
