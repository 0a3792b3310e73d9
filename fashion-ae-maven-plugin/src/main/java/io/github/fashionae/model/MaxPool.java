package io.github.fashionae.model;

import static io.github.fashionae.model.NativeFloats.buffer;
import static io.github.fashionae.model.NativeFloats.dense;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.util.CpuFlags;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link MaxPoolLayer}'s implementation: 2x2 windows at stride 2 over float NCHW activations, a trailing odd row or
 * column dropped (DL4J's truncate mode). The forward pass keeps, per output, which of its window's four inputs was
 * the first maximum ({@link #poolRows}); the backward pass writes each output's gradient there, into a zeroed
 * array, one store per output. Neither pass branches per window, since on activations such branches mispredict: on
 * a Zen5 held to AVX2, the classifier's first pooling took 2.5 ms forward and 2.2 ms backward a step with them, 1.4
 * and 0.7 ms without. Anything else (another layout, data type, padding) goes to DL4J's own layer.
 */
final class MaxPool extends SubsamplingLayer {

  private static final long serialVersionUID = 1L;

  /**
   * Whether an evaluation's forward pass (no backward pass to follow) pools here. Where oneDNN has a JIT max pooling
   * for DL4J's layout (AVX-512: {@code jit:avx512_core}), DL4J's forward pass is faster than this one; under AVX2 (or
   * a {@code DNNL_MAX_CPU_ISA} cap below AVX-512) oneDNN v2.3 has only its reference loop, which this layer beats
   * several times. Training always pools here: DL4J's backward pass pools again before it scatters, and took 3.2 ms
   * a step for the classifier's first pooling on an AVX-512 Intel Xeon (family 6 model 167) where this one's forward
   * and backward passes together take 1.7. Both give the same numbers (tested), so the choice is speed only, made
   * once per engine JVM from the CPU's flags and the cap.
   */
  private static final boolean JAVA_POOLING = !oneDnnJitPooling(CpuFlags.read(),
      System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", System.getenv("ONEDNN_MAX_CPU_ISA")));

  /** A test's choice instead of {@link #JAVA_POOLING}, or null. */
  private static volatile Boolean forced;

  /** Which input of each output's window held the maximum (0 to 3), for the input it was computed from. */
  private transient byte[] winners;
  private transient INDArray winnersOf;

  MaxPool(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Makes every instance pool in Java ({@code true}), leave it to DL4J ({@code false}), or decide ({@code null}). */
  static void force(Boolean java) {
    forced = java;
  }

  /**
   * Whether oneDNN v2.3 pools DL4J's layout with a JIT kernel on a CPU of {@code flags} under the ISA cap
   * {@code cap} (null: none): with AVX-512 (avx512f, bw, vl, dq), unless capped below it.
   */
  static boolean oneDnnJitPooling(Set<String> flags, String cap) {
    boolean avx512 = CpuFlags.avx512(flags);
    String limit = cap == null ? "" : cap.trim().toUpperCase(Locale.ROOT);
    return avx512 && (limit.isEmpty() || limit.equals("ALL") || limit.startsWith("AVX512"));
  }

  private static boolean javaPooling() {
    Boolean choice = forced;
    return choice != null ? choice : JAVA_POOLING;
  }

  private boolean simpleCase() {
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
    return input != null && input.rank() == 4 && input.dataType() == DataType.FLOAT
        && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getPoolingType() == PoolingType.MAX
        && (convolutionMode == ConvolutionMode.Truncate || convolutionMode == ConvolutionMode.Strict)
        && Arrays.equals(conf.getKernelSize(), new int[] {2, 2}) && Arrays.equals(conf.getStride(), new int[] {2, 2})
        && Arrays.equals(conf.getPadding(), new int[] {0, 0}) && Arrays.equals(conf.getDilation(), new int[] {1, 1})
        && input.size(2) >= 2 && input.size(3) >= 2;
  }

  /**
   * An NCHW input as images (planes: examples times channels) of {@code height} by {@code width}, and its pooled
   * size (a trailing odd row or column dropped).
   */
  private record Windows(int planes, int height, int width, int outHeight, int outWidth) {
    static Windows of(INDArray input) {
      long[] shape = input.shape();
      return new Windows((int) (shape[0] * shape[1]), (int) shape[2], (int) shape[3], (int) shape[2] / 2,
          (int) shape[3] / 2);
    }
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    // training always pools here: this backward pass (one store per output) beats DL4J's, which pools again first
    if (!(training || javaPooling()) || !simpleCase()) {
      winnersOf = null;
      return super.activate(training, workspaceMgr);
    }
    Windows w = Windows.of(input);
    int height = w.height();
    int width = w.width();
    int outHeight = w.outHeight();
    int outWidth = w.outWidth();
    int outputs = w.planes() * outHeight * outWidth;
    if (winners == null || winners.length < outputs) {
      winners = new byte[outputs];
    }
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        new long[] {input.size(0), input.size(1), outHeight, outWidth}, 'c');
    INDArray values = dense(input);
    FloatBuffer from = buffer(values);
    FloatBuffer to = buffer(output);
    if (Gemm.SCALAR) {
      float[] rows = new float[2 * width];
      float[] result = new float[outWidth];
      int out = 0;
      for (int plane = 0; plane < w.planes(); plane++) {
        int base = plane * height * width;
        for (int y = 0; y < outHeight; y++, out += outWidth) {
          from.get(base + 2 * y * width, rows, 0, 2 * width);
          poolRows(rows, width, result, winners, out, outWidth);
          to.put(out, result, 0, outWidth);
        }
      }
    } else {
      int perPlane = outHeight * outWidth;
      int[] topLeft = topLeft(height, width);
      float[] plane = new float[height * width];
      float[] result = new float[topLeft.length];
      for (int p = 0; p < w.planes(); p++) {
        from.get(p * height * width, plane, 0, height * width);
        poolPlane(plane, width, topLeft, result, winners, p * perPlane, perPlane);
        to.put(p * perPlane, result, 0, perPlane);
      }
    }
    Reference.reachabilityFence(values);
    Reference.reachabilityFence(output);
    winnersOf = input;
    return output;
  }

  /**
   * Pools one pair of rows ({@code rows}: two rows of {@code width} values, one after the other) into
   * {@code outWidth} maxima and their windows' winners (0 to 3: top left, top right, bottom left, bottom right),
   * written from {@code winners[at]}. Each maximum is the first of its window under {@code >} taken in that order,
   * as DL4J's pooling gives it, NaN and signed zeros included; computed as a tournament (the top pair, the bottom
   * pair, then the two winners) whose outcomes are 0 or 1 used as offsets, so that the JIT emits no branch that
   * the activations would make mispredict. A NaN at bottom left cannot win in that order, so it lets bottom right
   * through.
   */
  static void poolRows(float[] rows, int width, float[] result, byte[] winners, int at, int outWidth) {
    for (int x = 0; x < outWidth; x++) {
      int left = 2 * x;
      float bottomLeft = rows[width + left];
      int right = rows[left + 1] > rows[left] ? 1 : 0;
      int bottomRight = (rows[width + left + 1] > bottomLeft ? 1 : 0) | (bottomLeft != bottomLeft ? 1 : 0);
      int below = rows[width + left + bottomRight] > rows[left + right] ? 1 : 0;
      int winner = right + below * (2 + bottomRight - right);
      result[x] = rows[left + offset(winner, width)];
      winners[at + x] = (byte) winner;
    }
  }
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /**
   * Where each output of a plane of {@code height} by {@code width} has its window's top left input, output by
   * output (row after row), then 0 up to a whole number of vectors: what {@link #poolPlane} gathers from.
   */
  static int[] topLeft(int height, int width) {
    int outHeight = height / 2;
    int outWidth = width / 2;
    int lanes = SPECIES.length();
    int[] at = new int[(outHeight * outWidth + lanes - 1) / lanes * lanes];
    for (int y = 0, k = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++, k++) {
        at[k] = 2 * y * width + 2 * x;
      }
    }
    return at;
  }

  /**
   * {@link #poolRows}'s tournament for a whole plane at once, by vectors of outputs whose windows' four inputs are
   * gathered ({@code topLeft}, {@link #topLeft}), so that every lane holds an output even where rows are narrower
   * than a vector: the same comparisons in the same order, so the same maxima and winners. Writes {@code outputs}
   * winners from {@code winners[at]}, and the maxima into {@code result} (a whole number of vectors long) from 0.
   */
  static void poolPlane(float[] plane, int width, int[] topLeft, float[] result, byte[] winners, int at,
                        int outputs) {
    int lanes = SPECIES.length();
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    float[] codes = new float[lanes];
    for (int k = 0; k < outputs; k += lanes) {
      FloatVector topLeftValue = FloatVector.fromArray(SPECIES, plane, 0, topLeft, k);
      FloatVector topRight = FloatVector.fromArray(SPECIES, plane, 1, topLeft, k);
      FloatVector bottomLeft = FloatVector.fromArray(SPECIES, plane, width, topLeft, k);
      FloatVector bottomRight = FloatVector.fromArray(SPECIES, plane, width + 1, topLeft, k);
      VectorMask<Float> right = topRight.compare(VectorOperators.GT, topLeftValue);
      VectorMask<Float> rightBelow = bottomRight.compare(VectorOperators.GT, bottomLeft)
          .or(bottomLeft.compare(VectorOperators.NE, bottomLeft));
      FloatVector top = topLeftValue.blend(topRight, right);
      FloatVector bottom = bottomLeft.blend(bottomRight, rightBelow);
      VectorMask<Float> below = bottom.compare(VectorOperators.GT, top);
      top.blend(bottom, below).intoArray(result, k);
      // the winner, 0 to 3: below ? 2 + rightBelow : right
      zero.blend(one, right).blend(two.add(zero.blend(one, rightBelow)), below).intoArray(codes, 0);
      for (int lane = 0, n = Math.min(lanes, outputs - k); lane < n; lane++) {
        winners[at + k + lane] = (byte) codes[lane];
      }
    }
  }


  /** Where a window's input {@code winner} (0 to 3) lies from its top left one, in rows of {@code width}. */
  private static int offset(int winner, int width) {
    return (winner >> 1) * width + (winner & 1);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (winnersOf != input || !simpleCase()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    Windows w = Windows.of(input);
    int planes = w.planes();
    int height = w.height();
    int width = w.width();
    int outHeight = w.outHeight();
    int outWidth = w.outWidth();
    INDArray gradients = dense(epsilon);
    INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        input.shape(), 'c');
    FloatBuffer from = buffer(gradients);
    FloatBuffer to = buffer(inputGradient);
    // a plane at a time: zeros, each output's gradient where its maximum was, then one bulk copy (a store per value
    // into ND4J's buffer costs more)
    int outputs = outHeight * outWidth;
    float[] planeGradients = new float[outputs];
    float[] planeInputGradient = new float[height * width];
    for (int plane = 0; plane < planes; plane++) {
      int out = plane * outputs;
      from.get(out, planeGradients, 0, outputs);
      Arrays.fill(planeInputGradient, 0f);
      for (int y = 0, top = 0, at = 0; y < outHeight; y++, top += 2 * width) {
        for (int x = 0; x < outWidth; x++, at++) {
          planeInputGradient[top + 2 * x + offset(winners[out + at], width)] = planeGradients[at];
        }
      }
      to.put(plane * height * width, planeInputGradient, 0, height * width);
    }
    Reference.reachabilityFence(gradients);
    Reference.reachabilityFence(inputGradient);
    return new Pair<>(new DefaultGradient(), inputGradient);
  }
}
