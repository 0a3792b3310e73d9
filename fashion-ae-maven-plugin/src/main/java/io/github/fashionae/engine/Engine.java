package io.github.fashionae.engine;

import io.github.fashionae.fork.Protocol;
import io.github.fashionae.model.PortableLayers;
import io.github.fashionae.stage.EngineIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The engine JVM's set-up and self-description: which DL4J, which natives, whether the oneDNN helpers run. Its
 * identity as a fingerprint input is {@code EngineIdentity}, which Maven's side can read without DL4J.
 */
public final class Engine {

  private Engine() {
  }

  /** Called in the training JVM before ND4J starts: helpers on unless the JVM was told otherwise. */
  public static void prepare() {
    if (System.getProperty(Protocol.HELPERS_DISABLE_PROPERTY) == null) {
      System.setProperty(Protocol.HELPERS_DISABLE_PROPERTY, "false");
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
    if (PortableLayers.isPortable(net.getLayerWiseConfigurations())) {
      // the same words on every machine: neither the threads nor the natives' kernels decide a portable stage's bytes
      return String.format(Locale.ROOT, "DL4J %s, portable numerics r%d (the project's Java kernels; the same "
          + "bytes on every CPU and with any thread count)", dl4jVersion(), EngineIdentity.PORTABLE_NUMERICS_REVISION);
    }
    return String.format(Locale.ROOT, "DL4J %s, natives %s%s, oneDNN helpers %s, %d thread%s", dl4jVersion(),
        Loader.getPlatform(), System.getProperty(Protocol.PLATFORM_EXTENSION_PROPERTY, ""),
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
