package io.github.fashionae.numerics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The portable numerics' element-wise and reduction kernels. Each result is one fixed sequence of IEEE operations:
 * sums run in index order (a sum is never split across threads or lanes), exponentials are {@link StrictMath}'s in
 * double, and every rounding to float is one cast. The same inputs give the same bits on any JVM 17 or later.
 */
public final class Kernels {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INT_SPECIES = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONG_SPECIES = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DOUBLE_SPECIES = DoubleVector.SPECIES_PREFERRED;

  private Kernels() {
  }

  /**
   * {@code out = in^T}: an {@code rows × columns} row-major matrix to a {@code columns × rows} one (exact copies). The
   * vector path writes a vector of an output row at a time, its lanes gathered from as many input rows.
   */
  public static void transpose(float[] in, int inOffset, int rows, int columns, float[] out, int outOffset) {
    int lanes = SPECIES.length();
    int r = 0;
    if (!Gemm.SCALAR && rows >= lanes) {
      int[] rowStarts = new int[lanes];
      for (int i = 0; i < lanes; i++) {
        rowStarts[i] = i * columns;
      }
      for (int end = rows - rows % lanes; r < end; r += lanes) {
        int from = inOffset + r * columns;
        for (int c = 0; c < columns; c++) {
          FloatVector.fromArray(SPECIES, in, from + c, rowStarts, 0).intoArray(out, outOffset + c * rows + r);
        }
      }
    }
    for (; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[outOffset + c * rows + r] = in[inOffset + r * columns + c];
      }
    }
  }

  /**
   * The sums of the columns of an {@code rows × columns} row-major matrix, each in row order: the bias gradient of a
   * dense layer (rows: the examples) and of a convolution (rows: its δ by pixel, {@code [batch · pixels][channels]}).
   * Accumulated in double, rounded to float once. The vector path keeps vectors of columns' sums in doubles (each
   * float widened exactly, each lane its own column's chain): the same bits as the scalar one. (It widens the
   * preferred vector of floats, never loads a vector of another size: a second size of float vectors in the JVM
   * turns every vector call into a virtual one, measured 20 times slower.)
   */
  public static void columnSums(float[] in, int offset, int rows, int columns, float[] out, int outOffset) {
    int c = 0;
    if (!Gemm.SCALAR && DOUBLE_SPECIES.length() * 2 == SPECIES.length()) {
      // a vector of floats widens into two of doubles: two independent chains at once, so an add's latency hides
      for (int lanes = SPECIES.length(); c + lanes <= columns; c += lanes) {
        DoubleVector low = DoubleVector.zero(DOUBLE_SPECIES);
        DoubleVector high = DoubleVector.zero(DOUBLE_SPECIES);
        for (int r = 0, at = offset + c; r < rows; r++, at += columns) {
          FloatVector values = FloatVector.fromArray(SPECIES, in, at);
          low = low.add(values.convertShape(VectorOperators.F2D, DOUBLE_SPECIES, 0));
          high = high.add(values.convertShape(VectorOperators.F2D, DOUBLE_SPECIES, 1));
        }
        double[] sums = new double[lanes];
        low.intoArray(sums, 0);
        high.intoArray(sums, lanes / 2);
        for (int i = 0; i < lanes; i++) {
          out[outOffset + c + i] = (float) sums[i];
        }
      }
    }
    for (; c < columns; c++) {
      double sum = 0;
      for (int r = 0, at = offset + c; r < rows; r++, at += columns) {
        sum += in[at];
      }
      out[outOffset + c] = (float) sum;
    }
  }

  /**
   * The sum over examples and pixels of each channel of a [batch][channels][pixels] array, in that order (example,
   * then pixel): the bias gradient of a convolution. Accumulated in double, rounded to float once.
   */
  public static void channelSums(float[] in, int batch, int channels, int pixels, float[] out) {
    double[] sums = new double[channels];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        int plane = (b * channels + c) * pixels;
        double sum = sums[c];
        for (int p = 0; p < pixels; p++) {
          sum += in[plane + p];
        }
        sums[c] = sum;
      }
    }
    for (int c = 0; c < channels; c++) {
      out[c] = (float) sums[c];
    }
  }

  /** The logistic function, {@code 1 / (1 + e^-x)}, in double with StrictMath's exponential, rounded once. */
  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
  }

  /**
   * {@link #sigmoid} of each of {@code n} values, in place: the exponentials by {@link #exp(double[], int)}, StrictMath's
   * bits by vectors.
   */
  public static void sigmoid(float[] values, int offset, int n) {
    if (Gemm.SCALAR || LONG_SPECIES.length() != DOUBLE_SPECIES.length() || n < DOUBLE_SPECIES.length()) {
      for (int i = offset; i < offset + n; i++) {
        values[i] = sigmoid(values[i]);
      }
      return;
    }
    double[] x = doubles(n);
    for (int i = 0; i < n; i++) {
      x[i] = -(double) values[offset + i];
    }
    exp(x, n);
    for (int i = 0; i < n; i++) {
      values[offset + i] = (float) (1.0 / (1.0 + x[i]));
    }
  }

  /**
   * {@link StrictMath#exp} of each of the first {@code n} values, in place. The vector path computes its algorithm
   * (fdlibm's {@code e_exp.c}) lane by lane, the same operations in the same order, so the same bits ({@code
   * KernelsTest} holds it to StrictMath's on fdlibm's thresholds, the special values and millions of doubles): the
   * reduction {@code x = k·ln2 + r} (k = ±1 for 0.5·ln2 < |x| < 1.5·ln2, else {@code (int) (x / ln2 ± 0.5)}; k = 0
   * below 0.5·ln2), the polynomial in r, {@code 1 - ((lo - r·c / (2 - c)) - hi)} scaled by 2^k through the
   * exponent's bits (k = 0: {@code 1 - (r·c / (c - 2) - r)}), and {@code 1 + x} below 2^-28, as fdlibm writes them.
   * A vector with a lane where fdlibm takes one of its rare branches (|x| ≥ 708: overflow, underflow, a result that
   * needs k < -1021; NaN; the infinities) is done by StrictMath itself. One flat loop, no vector handed to a method:
   * a vector passed to or returned from a method the JIT does not inline is boxed.
   */
  static void exp(double[] x, int n) {
    int lanes = DOUBLE_SPECIES.length();
    int end = Gemm.SCALAR || LONG_SPECIES.length() != lanes ? 0 : n - n % lanes;
    DoubleVector one = DoubleVector.broadcast(DOUBLE_SPECIES, 1.0);
    DoubleVector two = DoubleVector.broadcast(DOUBLE_SPECIES, 2.0);
    DoubleVector magic = DoubleVector.broadcast(DOUBLE_SPECIES, MAGIC);
    for (int i = 0; i < end; i += lanes) {
      DoubleVector v = DoubleVector.fromArray(DOUBLE_SPECIES, x, i);
      DoubleVector abs = v.abs();
      // fdlibm's tests of |x|'s high word, as comparisons of |x| (the same order for finite doubles; NaN fails <)
      if (abs.compare(VectorOperators.LT, 708.0).not().anyTrue()) { // |x| ≥ 708, or NaN
        for (int j = i; j < i + lanes; j++) {
          x[j] = StrictMath.exp(x[j]);
        }
        continue;
      }
      VectorMask<Double> reduce = abs.compare(VectorOperators.GE, HALF_LN2_ABOVE); // hx > 0x3fd62e42
      VectorMask<Double> near = abs.compare(VectorOperators.LT, THREE_HALVES_LN2); // hx < 0x3ff0a2b2
      VectorMask<Double> tiny = abs.compare(VectorOperators.LT, 0x1p-28); // hx < 0x3e300000
      DoubleVector sign = one.blend(-1.0, v.compare(VectorOperators.LT, 0.0));
      // 0.5·ln2 < |x| < 1.5·ln2: k = ±1, hi = x - ±ln2_hi, lo = ±ln2_lo; beyond: k = (int) (x / ln2 ± 0.5),
      // hi = x - k·ln2_hi, lo = k·ln2_lo. The cast's truncation without a conversion (JDK 17's C2 has no vector
      // double-to-long one): rounded to the nearest integer by adding and taking away 1.5·2^52, then one back
      // toward zero where that rounded away from it
      DoubleVector kd = v.mul(INV_LN2).add(sign.mul(0.5));
      DoubleVector rounded = kd.add(magic).sub(magic);
      DoubleVector t = rounded
          .sub(one, rounded.compare(VectorOperators.GT, kd).and(kd.compare(VectorOperators.GT, 0.0)))
          .add(one, rounded.compare(VectorOperators.LT, kd).and(kd.compare(VectorOperators.LT, 0.0)));
      DoubleVector hi = v.sub(t.mul(LN2_HI)).blend(v.sub(sign.mul(LN2_HI)), near);
      DoubleVector lo = t.mul(LN2_LO).blend(sign.mul(LN2_LO), near);
      // k as a long: an integer below 2^51 plus 1.5·2^52 holds it in the low bits of its mantissa
      LongVector k = t.blend(sign, near).add(magic).reinterpretAsLongs().sub(MAGIC_BITS);
      DoubleVector r = hi.sub(lo).blend(v, reduce.not());
      DoubleVector rr = r.mul(r);
      DoubleVector c = r.sub(rr.mul(rr.mul(rr.mul(rr.mul(rr.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
      DoubleVector rc = r.mul(c);
      DoubleVector unscaled = one.sub(lo.sub(rc.div(two.sub(c))).sub(hi)); // 1 - ((lo - r·c/(2 - c)) - hi)
      DoubleVector scaled = unscaled.reinterpretAsLongs().add(k.lanewise(VectorOperators.LSHL, 52))
          .reinterpretAsDoubles();
      DoubleVector small = one.sub(rc.div(c.sub(2.0)).sub(r)); // k = 0: 1 - (r·c/(c - 2) - r)
      DoubleVector exp = small.blend(scaled, reduce).blend(one.add(v), tiny);
      exp.intoArray(x, i);
    }
    for (int i = end; i < n; i++) {
      x[i] = StrictMath.exp(x[i]);
    }
  }

  // fdlibm's e_exp.c constants, and its thresholds on |x|'s high word as doubles
  private static final double HALF_LN2_ABOVE = Double.longBitsToDouble(0x3fd62e43L << 32);
  private static final double THREE_HALVES_LN2 = Double.longBitsToDouble(0x3ff0a2b2L << 32);
  private static final double MAGIC = 0x1.8p52;
  private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double P1 = 1.66666666666666019037e-01;
  private static final double P2 = -2.77777777770155933842e-03;
  private static final double P3 = 6.61375632143793436117e-05;
  private static final double P4 = -1.65339022054652515390e-06;
  private static final double P5 = 4.13813679705723846039e-08;
  /** Each thread's work array of doubles ({@link #sigmoid}). */
  private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[1][0]);

  private static double[] doubles(int length) {
    double[][] holder = DOUBLES.get();
    if (holder[0].length < length) {
      holder[0] = new double[length];
    }
    return holder[0];
  }

  /**
   * The softmax of each row of an {@code rows × columns} row-major matrix, in place: {@code e^(x - max) / Σ e^(x -
   * max)}, the exponentials StrictMath's in double, the sum in column order, each result rounded once.
   */
  public static void softmaxRows(float[] values, int offset, int rows, int columns) {
    double[] exps = new double[columns];
    for (int r = 0; r < rows; r++) {
      int row = offset + r * columns;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < columns; c++) {
        max = Math.max(max, values[row + c]);
      }
      double sum = 0;
      for (int c = 0; c < columns; c++) {
        exps[c] = StrictMath.exp((double) values[row + c] - max);
        sum += exps[c];
      }
      for (int c = 0; c < columns; c++) {
        values[row + c] = (float) (exps[c] / sum);
      }
    }
  }

  /**
   * Rows of [channel · kernelHeight · kernelWidth][output pixel] from one [channels][height][width] image, for a
   * convolution of stride {@code stride} without padding: the columns a convolution multiplies its weights with.
   * Exact copies.
   */
  public static void im2col(float[] image, int offset, int channels, int height, int width, int kernelHeight,
                            int kernelWidth, int stride, float[] columns, int columnsOffset) {
    int pixels = ((height - kernelHeight) / stride + 1) * ((width - kernelWidth) / stride + 1);
    im2col(image, offset, channels, height, width, kernelHeight, kernelWidth, stride, columns, columnsOffset, pixels);
  }

  /**
   * As {@link #im2col(float[], int, int, int, int, int, int, int, float[], int)}, into rows {@code ld} apart: one
   * image's block of columns in a matrix that holds a batch's side by side ([taps][batch · pixels]).
   */
  public static void im2col(float[] image, int offset, int channels, int height, int width, int kernelHeight,
                            int kernelWidth, int stride, float[] columns, int columnsOffset, int ld) {
    int outHeight = (height - kernelHeight) / stride + 1;
    int outWidth = (width - kernelWidth) / stride + 1;
    int row = 0;
    for (int c = 0; c < channels; c++) {
      int plane = offset + c * height * width;
      for (int ky = 0; ky < kernelHeight; ky++) {
        for (int kx = 0; kx < kernelWidth; kx++, row++) {
          int to = columnsOffset + row * ld;
          for (int y = 0; y < outHeight; y++) {
            int from = plane + (y * stride + ky) * width + kx;
            int at = to + y * outWidth;
            if (stride == 1) { // a plain copy, which the JIT vectorises
              System.arraycopy(image, from, columns, at, outWidth);
            } else {
              for (int x = 0; x < outWidth; x++) {
                columns[at + x] = image[from + x * stride];
              }
            }
          }
        }
      }
    }
  }

  /**
   * The transpose of {@link #im2col}: rows of [output pixel][channel · kernelHeight · kernelWidth], written at
   * {@code rowsOffset} (images stacked one after the other give the rows of a product summed over a batch). Exact
   * copies.
   */
  public static void im2row(float[] image, int offset, int channels, int height, int width, int kernelHeight,
                            int kernelWidth, int stride, float[] rows, int rowsOffset) {
    int outHeight = (height - kernelHeight) / stride + 1;
    int outWidth = (width - kernelWidth) / stride + 1;
    int taps = channels * kernelHeight * kernelWidth;
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        int to = rowsOffset + (y * outWidth + x) * taps;
        for (int c = 0; c < channels; c++) {
          int plane = offset + c * height * width;
          for (int ky = 0; ky < kernelHeight; ky++) {
            int from = plane + (y * stride + ky) * width + x * stride;
            for (int kx = 0; kx < kernelWidth; kx++) {
              rows[to++] = image[from + kx];
            }
          }
        }
      }
    }
  }

  /**
   * The inverse scatter of {@link #im2col}: adds each column entry into the image pixel it was copied from, into a
   * [channels][height][width] image that the caller zeroed or initialised. The additions to one pixel come in a
   * fixed order (channel, kernel row, kernel column, output row, output column): the transposed convolution's
   * forward pass and a convolution's input gradient.
   */
  public static void col2im(float[] columns, int columnsOffset, int channels, int height, int width,
                            int kernelHeight, int kernelWidth, int stride, float[] image, int offset) {
    int pixels = ((height - kernelHeight) / stride + 1) * ((width - kernelWidth) / stride + 1);
    col2im(columns, columnsOffset, channels, height, width, kernelHeight, kernelWidth, stride, image, offset, pixels);
  }

  /**
   * As {@link #col2im(float[], int, int, int, int, int, int, int, float[], int)}, from rows {@code ld} apart: one
   * image's block of a batch's columns side by side. The additions to a pixel come in the same order.
   */
  public static void col2im(float[] columns, int columnsOffset, int channels, int height, int width,
                            int kernelHeight, int kernelWidth, int stride, float[] image, int offset, int ld) {
    int outHeight = (height - kernelHeight) / stride + 1;
    int outWidth = (width - kernelWidth) / stride + 1;
    int row = 0;
    for (int c = 0; c < channels; c++) {
      int plane = offset + c * height * width;
      for (int ky = 0; ky < kernelHeight; ky++) {
        for (int kx = 0; kx < kernelWidth; kx++, row++) {
          int from = columnsOffset + row * ld;
          for (int y = 0; y < outHeight; y++) {
            int to = plane + (y * stride + ky) * width + kx;
            int at = from + y * outWidth;
            if (stride == 1) { // lane by lane, so the JIT vectorises it; each pixel's additions keep their order
              for (int x = 0; x < outWidth; x++) {
                image[to + x] += columns[at + x];
              }
            } else {
              for (int x = 0; x < outWidth; x++) {
                image[to + x * stride] += columns[at + x];
              }
            }
          }
        }
      }
    }
  }

  /** SplittableRandom's increment of its seed between values (its "golden gamma"). */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /**
   * Bernoulli draws as bits: bit {@code j} of {@code bits[w]} is set when 32 random bits are below {@code threshold}
   * (so with probability {@code threshold / 2^32}). The random bits are those of {@code new SplittableRandom(seed)}:
   * its {@code i}-th {@code nextLong()} ({@code mix64(seed + (i + 1) · γ)}) gives the values {@code 2i} (its low 32
   * bits) and {@code 2i + 1} (its high 32 bits); integer arithmetic only, so exact on every CPU. Vectors of longs
   * compute several values' mix at once and gather their bits with an OR (exact in any order).
   */
  public static void bernoulliBits(long seed, long threshold, long[] bits) {
    int lanes = LONG_SPECIES.length();
    int w = 0;
    if (!Gemm.SCALAR && lanes >= 2 && 64 % (2 * lanes) == 0) {
      LongVector steps = LongVector.zero(LONG_SPECIES).addIndex(1).mul(GOLDEN_GAMMA);
      LongVector shifts = LongVector.zero(LONG_SPECIES).addIndex(2);
      for (; w < bits.length; w++) {
        long word = 0;
        for (int part = 0; part < 64; part += 2 * lanes) {
          long first = seed + ((long) w * 32 + part / 2 + 1) * GOLDEN_GAMMA;
          LongVector z = steps.add(first);
          z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
          z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
          z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
          LongVector low = z.and(0xffffffffL).sub(threshold).lanewise(VectorOperators.LSHR, 63);
          LongVector high = z.lanewise(VectorOperators.LSHR, 32).sub(threshold).lanewise(VectorOperators.LSHR, 63);
          long pairs = low.or(high.lanewise(VectorOperators.LSHL, 1)).lanewise(VectorOperators.LSHL, shifts)
              .reduceLanes(VectorOperators.OR);
          word |= pairs << part;
        }
        bits[w] = word;
      }
    }
    long state = seed + (long) w * 32 * GOLDEN_GAMMA;
    for (; w < bits.length; w++) {
      long word = 0;
      for (int j = 0; j < 64; j += 2) {
        long r = mix64(state += GOLDEN_GAMMA);
        word |= (((r & 0xffffffffL) - threshold) >>> 63) << j | (((r >>> 32) - threshold) >>> 63) << (j + 1);
      }
      bits[w] = word;
    }
  }

  /** SplittableRandom's (and SplitMix64's) finaliser of a seed into 64 random bits. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Inverted dropout's scaling in place: {@code v[i] = v[i] · f} with {@code f = b · scale}, {@code b} (0 or 1) bit
   * {@code i} of {@code bits} counted from word {@code firstWord}; one exactly rounded product per value, so a
   * dropped value keeps its sign (-0.0), as the float product gives it. Vectors of lanes take the factors from the
   * word's bits at once (shifts, then a conversion of 0 or 1 to float, exact).
   */
  public static void dropout(float[] values, int n, long[] bits, int firstWord, float scale) {
    int i = 0;
    if (!Gemm.SCALAR && SPECIES.length() <= 32) {
      IntVector shifts = IntVector.zero(INT_SPECIES).addIndex(1);
      FloatVector scales = FloatVector.broadcast(SPECIES, scale);
      for (int end = n & -64; i < end; i += 64) {
        long word = bits[firstWord + (i >>> 6)];
        for (int j = 0; j < 64; j += SPECIES.length()) {
          FloatVector kept = (FloatVector) IntVector.broadcast(INT_SPECIES, (int) (word >>> j))
              .lanewise(VectorOperators.LSHR, shifts).and(1).convert(VectorOperators.I2F, 0);
          FloatVector.fromArray(SPECIES, values, i + j).mul(kept.mul(scales)).intoArray(values, i + j);
        }
      }
    }
    for (; i < n; i++) {
      values[i] *= ((bits[firstWord + (i >>> 6)] >>> (i & 63)) & 1L) * scale;
    }
  }

  /**
   * ReLU in place, as ND4J's scalar {@code relu} op computes it: {@code x < 0 ? 0 : x}, so that -0.0 and NaN stay
   * themselves (no arithmetic: exact).
   */
  public static void relu(float[] values, int n) {
    int i = 0;
    if (!Gemm.SCALAR) { // a compare and a blend per vector: a branch per value mispredicts on activations
      FloatVector zero = FloatVector.zero(SPECIES);
      for (int end = SPECIES.loopBound(n); i < end; i += SPECIES.length()) {
        FloatVector x = FloatVector.fromArray(SPECIES, values, i);
        x.blend(zero, x.compare(VectorOperators.LT, 0f)).intoArray(values, i);
      }
    }
    for (; i < n; i++) {
      float x = values[i];
      values[i] = x < 0f ? 0f : x;
    }
  }

  /**
   * The gradient through a ReLU, in place: {@code g[i] = step(a[i]) · g[i]}, with {@code a} the ReLU's outputs (or
   * its inputs: positive at the same places) and {@code step(a) = a > 0 ? 1 : 0}, one exactly rounded product, so a
   * dropped gradient keeps the incoming gradient's sign (-0.0), as ND4J's {@code step} and {@code muli} give it.
   */
  public static void reluBackward(float[] activations, float[] gradients, int n) {
    int i = 0;
    if (!Gemm.SCALAR) {
      FloatVector zero = FloatVector.zero(SPECIES);
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      for (int end = SPECIES.loopBound(n); i < end; i += SPECIES.length()) {
        VectorMask<Float> positive = FloatVector.fromArray(SPECIES, activations, i).compare(VectorOperators.GT, 0f);
        zero.blend(one, positive).mul(FloatVector.fromArray(SPECIES, gradients, i)).intoArray(gradients, i);
      }
    }
    for (; i < n; i++) {
      gradients[i] = (activations[i] > 0f ? 1f : 0f) * gradients[i];
    }
  }

  /**
   * The gradient through a sigmoid, in place: {@code g[i] = s[i] · (1 - s[i]) · g[i]} with {@code s} the sigmoid's
   * outputs, in float, in that order.
   */
  public static void sigmoidBackward(float[] outputs, float[] gradients, int n) {
    for (int i = 0; i < n; i++) {
      float s = outputs[i];
      gradients[i] = s * (1f - s) * gradients[i];
    }
  }

  /**
   * The gradient through a softmax of each row, in place: {@code g[i] = p[i] · (g[i] - Σ_j p[j] g[j])}, the sum in
   * column order in double.
   */
  public static void softmaxBackward(float[] outputs, float[] gradients, int rows, int columns) {
    for (int r = 0; r < rows; r++) {
      int row = r * columns;
      double dot = 0;
      for (int c = 0; c < columns; c++) {
        dot += (double) outputs[row + c] * gradients[row + c];
      }
      for (int c = 0; c < columns; c++) {
        gradients[row + c] = (float) (outputs[row + c] * (gradients[row + c] - dot));
      }
    }
  }
}
