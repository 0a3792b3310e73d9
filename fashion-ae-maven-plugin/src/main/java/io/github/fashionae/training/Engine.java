package io.github.fashionae.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The training engine's identity and set-up: which DL4J, which natives, whether the oneDNN helpers run.
 * The constants are plain strings so that Maven's JVM can read them without loading DL4J.
 */
public final class Engine {

  /** DL4J's switch for its layer helpers; M2.1 defaults it to true (helpers off). */
  public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  /** JavaCPP's choice of native build among the nd4j-native classifier jars on the classpath. */
  public static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

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
   * classifier stages only. 1: {@link io.github.fashionae.model.FastDropout} and
   * {@link io.github.fashionae.model.InputConvolutionLayer}.
   */
  public static final int CLASSIFIER_REVISION = 1;

  /** The engine's identity for fingerprints: what changes the numbers a run produces. */
  public static final String IDENTITY = "dl4j-1.0.0-M2.1/nd4j-native-linux-x86_64" + NATIVES_EXTENSION
      + "/onednn-helpers/training-r" + TRAINING_REVISION;

  private Engine() {
  }

  /** Called in the training JVM before ND4J starts: helpers on unless the JVM was told otherwise. */
  public static void prepare() {
    if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
      System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
    }
  }

  /** True when the network's first convolution layer runs through DL4J's oneDNN helper. */
  public static boolean oneDnnHelpersInUse(MultiLayerNetwork net) {
    for (Layer layer : net.getLayers()) {
      Layer inner = layer instanceof FrozenLayer frozen ? frozen.getInsideLayer() : layer;
      if (inner instanceof ConvolutionLayer convolution) {
        return convolution.getHelper() instanceof MKLDNNConvHelper;
      }
    }
    return false;
  }

  /** E.g. "DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, oneDNN helpers on, 1 thread". */
  public static String describe(MultiLayerNetwork net, int threads) {
    return String.format(Locale.ROOT, "DL4J %s, natives %s%s, oneDNN helpers %s, %d thread%s", dl4jVersion(),
        org.bytedeco.javacpp.Loader.getPlatform(), System.getProperty(PLATFORM_EXTENSION_PROPERTY, ""),
        oneDnnHelpersInUse(net) ? "on" : "off", threads, threads == 1 ? "" : "s");
  }

  static String dl4jVersion() {
    try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(
        "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
