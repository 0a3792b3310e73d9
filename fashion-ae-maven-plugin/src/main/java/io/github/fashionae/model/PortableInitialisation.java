package io.github.fashionae.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The portable numerics' parameter initialisation: DL4J's {@code WeightInit.UNIFORM} (each weight uniform in
 * {@code [-a, a)}, {@code a = 1/sqrt(fanIn)}, biases zero) drawn in Java, so that the first parameters, like every
 * later one, depend only on the seed. ND4J draws them with its native generator and a native transform, which this
 * project cannot show to be the same on every CPU.
 *
 * <p>Each layer with weights draws from its own SplitMix64 stream (Steele, Lea and Flood, 2014: integer arithmetic
 * only, written out below, so no JDK version can change it), seeded from the run's seed and the layer's index, in the
 * weight array's row-major order. A draw is the stream's top 24 bits as a float {@code u} in [0, 1), then {@code
 * (float) ((2u - 1) · a)} in double: every step exactly rounded. The fan-in is the weight count over the layer's
 * outputs (inputs × kernel taps for the convolutions, as DL4J counts it).
 */
public final class PortableInitialisation {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private PortableInitialisation() {
  }

  /** Draws every weight of {@code network} from {@code seed}, as described above; the biases are left (zero). */
  public static void initialise(MultiLayerNetwork network, long seed) {
    Layer[] layers = network.getLayers();
    for (int index = 0; index < layers.length; index++) {
      Layer layer = layers[index];
      INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
      if (weights == null) {
        continue;
      }
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      if (conf instanceof FrozenLayer frozen) {
        conf = frozen.getLayer();
      }
      long outputs = ((FeedForwardLayer) conf).getNOut();
      PortableArrays.assign(weights, uniform(Math.toIntExact(weights.length()), weights.length() / outputs,
          seed, index));
    }
  }

  /** {@code count} weights of a layer with fan-in {@code fanIn}, the stream of ({@code seed}, {@code layer}). */
  static float[] uniform(int count, long fanIn, long seed, int layer) {
    double bound = 1.0 / Math.sqrt(fanIn); // Math.sqrt is exactly rounded (IEEE 754), as DL4J's bound
    long state = mix(mix(seed) + GOLDEN_GAMMA * (layer + 1L));
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      state += GOLDEN_GAMMA;
      float unit = (mix(state) >>> 40) * 0x1.0p-24f;
      values[i] = (float) ((2.0 * unit - 1.0) * bound);
    }
    return values;
  }

  /** SplitMix64's output function. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
