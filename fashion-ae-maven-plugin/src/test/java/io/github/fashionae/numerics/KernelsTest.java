package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The element-wise and reduction kernels, and convolution from im2col and the product, against ND4J and sums. */
class KernelsTest {

  @Test
  void theVectorSigmoidIsStrictMathsBitForBit() {
    // every 251st float bit pattern (about 17 million: every binade, sign, NaN and infinity), in arrays whose length
    // is no whole number of vectors, from an odd offset
    float[] values = new float[(1 << 20) + 7];
    long pattern = 0;
    while (pattern <= 0xffffffffL) {
      int n = 0;
      for (; n < values.length - 2 && pattern <= 0xffffffffL; n++, pattern += 251) {
        values[1 + n] = Float.intBitsToFloat((int) pattern);
      }
      assertSigmoidIsStrictMaths(values, n);
    }
    // the float neighbours of fdlibm's thresholds (0.5·ln2, 1.5·ln2, 2^-28, 708, 709.78, the underflow at -745), of
    // the vector path's own (|x| ≥ 708), and the special values, on both signs, amid ordinary ones
    double[] thresholds = {0.5 * Math.log(2), 1.5 * Math.log(2), 0x1p-28, 708, 709.782712893384, 745.1332191019411,
        1, 0.25, 40};
    float[] special = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0x7fc00001)};
    values = new float[4096];
    int n = 0;
    for (double threshold : thresholds) {
      float at = (float) threshold;
      for (int ulps = -20; ulps <= 20; ulps++) {
        float near = at;
        for (int i = 0; i < Math.abs(ulps); i++) {
          near = ulps < 0 ? Math.nextDown(near) : Math.nextUp(near);
        }
        values[1 + n++] = near;
        values[1 + n++] = -near;
        values[1 + n++] = 0.5f * (n % 7);
      }
    }
    for (float value : special) {
      values[1 + n++] = value;
      values[1 + n++] = -value;
    }
    assertSigmoidIsStrictMaths(values, n);
  }

  @Test
  void theVectorExpIsStrictMathsBitForBit() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(23);
    double[] values = new double[1 << 21];
    // where the network's values lie, every bit pattern, and fdlibm's thresholds (0.5·ln2, 1.5·ln2, 2^-28, 708,
    // 709.78, the underflow at -745) with their double neighbours, both signs, and the special values
    for (int i = 0; i < values.length / 2; i++) {
      values[i] = random.nextDouble(-720, 720);
    }
    for (int i = values.length / 2; i < values.length; i++) {
      values[i] = Double.longBitsToDouble(random.nextLong());
    }
    assertExpIsStrictMaths(values);
    double[] thresholds = {Double.longBitsToDouble(0x3fd62e42L << 32), Double.longBitsToDouble(0x3fd62e43L << 32),
        Double.longBitsToDouble(0x3ff0a2b2L << 32), 0x1p-28, 708, 709.782712893384, 745.1332191019411, 0.5, 1, 40,
        Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE};
    values = new double[thresholds.length * 41 * 2 + 8];
    int n = 0;
    for (double threshold : thresholds) {
      for (int ulps = -20; ulps <= 20; ulps++) {
        double near = threshold;
        for (int i = 0; i < Math.abs(ulps); i++) {
          near = ulps < 0 ? Math.nextDown(near) : Math.nextUp(near);
        }
        values[n++] = near;
        values[n++] = -near;
      }
    }
    for (double special : new double[] {0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000001L), 1e-300, -1e-300}) {
      values[n++] = special;
    }
    assertExpIsStrictMaths(values);
  }

  private static void assertExpIsStrictMaths(double[] values) {
    double[] vector = values.clone();
    Kernels.exp(vector, vector.length - 3); // a length that is no whole number of vectors
    for (int i = 0; i < values.length; i++) {
      long expected = Double.doubleToRawLongBits(i < values.length - 3 ? StrictMath.exp(values[i]) : values[i]);
      if (Double.doubleToRawLongBits(vector[i]) != expected) {
        throw new AssertionError(String.format("exp(%s) (bits %016x): %s, StrictMath's %s", values[i],
            Double.doubleToRawLongBits(values[i]), vector[i], Double.longBitsToDouble(expected)));
      }
    }
  }

  /** {@code values[1 … n]} through {@link Kernels#sigmoid(float[], int, int)}, against the scalar one's bits. */
  private static void assertSigmoidIsStrictMaths(float[] values, int n) {
    float[] vector = values.clone();
    Kernels.sigmoid(vector, 1, n);
    for (int i = 1; i <= n; i++) {
      int expected = Float.floatToRawIntBits(Kernels.sigmoid(values[i]));
      if (Float.floatToRawIntBits(vector[i]) != expected) {
        throw new AssertionError(String.format("sigmoid(%s) (bits %08x): %s, StrictMath's %s", values[i],
            Float.floatToRawIntBits(values[i]), vector[i], Float.intBitsToFloat(expected)));
      }
    }
    assertThat(vector[0]).isEqualTo(values[0]);
    assertThat(vector[n + 1]).as("past the end").isEqualTo(values[n + 1]);
  }

  @Test
  void im2rowIsTheTransposeOfIm2col() {
    float[] image = KernelDigest.values(8, 3 * 13 * 13);
    int out = (13 - 5) / 2 + 1;
    int taps = 3 * 5 * 5;
    float[] columns = new float[taps * out * out];
    float[] rows = new float[columns.length];
    Kernels.im2col(image, 0, 3, 13, 13, 5, 5, 2, columns, 0);
    Kernels.im2row(image, 0, 3, 13, 13, 5, 5, 2, rows, 0);
    float[] transposed = new float[columns.length];
    Kernels.transpose(columns, 0, taps, out * out, transposed, 0);
    assertThat(rows).containsExactly(transposed);
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    // <im2col(x), y> = <x, col2im(y)>: the scatter adds each entry exactly where the gather took it from
    int channels = 3;
    int side = 13;
    int kernel = 5;
    int stride = 2;
    int out = (side - kernel) / stride + 1;
    float[] x = KernelDigest.values(1, channels * side * side);
    float[] y = KernelDigest.values(2, channels * kernel * kernel * out * out);
    float[] columns = new float[y.length];
    Kernels.im2col(x, 0, channels, side, side, kernel, kernel, stride, columns, 0);
    float[] scattered = new float[x.length];
    Kernels.col2im(y, 0, channels, side, side, kernel, kernel, stride, scattered, 0);

    assertThat(dot(columns, y)).isCloseTo(dot(x, scattered), within(1e-4));
  }

  @Test
  void aConvolutionFromIm2colAndTheProductIsDl4jsConvolutionLayer() {
    // the study's second convolution on two images: 16 channels of 13x13, 32 kernels of 3x3, stride 1
    int batch = 2;
    float[] images = KernelDigest.values(3, batch * 16 * 13 * 13);
    float[] weights = KernelDigest.values(4, 32 * 16 * 3 * 3);
    float[] bias = KernelDigest.values(5, 32);
    float[] ours = new float[batch * 32 * 11 * 11];
    float[] columns = new float[144 * 121];
    for (int b = 0; b < batch; b++) {
      Kernels.im2col(images, b * 16 * 169, 16, 13, 13, 3, 3, 1, columns, 0);
      Gemm.multiply(Gemm.Matrix.of(weights, 0, 144), Gemm.Matrix.of(columns, 0, 121), ours, b * 32 * 121, 121, 121,
          144, Gemm.Init.ROW_BIAS, bias, 0, 32);
    }

    // DL4J's own layer: a ConvolutionLayer with the same weights (its layout is [out][in][kh][kw]) and bias
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .list().layer(new ConvolutionLayer.Builder(3, 3).nIn(16).nOut(32).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(13, 13, 16)).build());
    net.init();
    net.getLayer(0).setParam("W", Nd4j.create(weights, new long[] {32, 16, 3, 3}, 'c'));
    net.getLayer(0).setParam("b", Nd4j.create(bias, new long[] {1, 32}, 'c'));
    INDArray theirs = net.output(Nd4j.create(images, new long[] {batch, 16, 13, 13}, 'c'));

    float[] expected = theirs.castTo(DataType.FLOAT).dup('c').data().asFloat();
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).isCloseTo(expected[i], within(1e-4f));
    }
  }

  @Test
  void sigmoidAndSoftmaxAreNd4jsWithinFloatRounding() {
    float[] values = KernelDigest.values(6, 100 * 10);
    for (int i = 0; i < values.length; i++) {
      values[i] *= 12; // logits over a useful range
    }
    INDArray logits = Nd4j.create(values.clone(), new long[] {100, 10}, 'c');

    float[] logistic = values.clone();
    Kernels.sigmoid(logistic, 0, logistic.length);
    float[] softmax = values.clone();
    Kernels.softmaxRows(softmax, 0, 100, 10);

    float[] theirSigmoid = Transforms.sigmoid(logits, true).data().asFloat();
    float[] theirSoftmax = Nd4j.nn().softmax(logits, 1).data().asFloat();
    for (int i = 0; i < values.length; i++) {
      assertThat(logistic[i]).isCloseTo(theirSigmoid[i], within(2e-7f));
      assertThat(softmax[i]).isCloseTo(theirSoftmax[i], within(2e-7f));
    }
    for (int r = 0; r < 100; r++) {
      double sum = 0;
      for (int c = 0; c < 10; c++) {
        sum += softmax[r * 10 + c];
      }
      assertThat(sum).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void theGradientsThroughSigmoidAndSoftmaxAreNd4jsWithinFloatRounding() {
    float[] logits = KernelDigest.values(7, 20 * 10);
    float[] upstream = KernelDigest.values(8, 20 * 10);
    INDArray z = Nd4j.create(logits.clone(), new long[] {20, 10}, 'c');
    INDArray epsilon = Nd4j.create(upstream.clone(), new long[] {20, 10}, 'c');

    float[] softmax = logits.clone();
    Kernels.softmaxRows(softmax, 0, 20, 10);
    float[] throughSoftmax = upstream.clone();
    Kernels.softmaxBackward(softmax, throughSoftmax, 20, 10);
    float[] sigmoid = logits.clone();
    Kernels.sigmoid(sigmoid, 0, sigmoid.length);
    float[] throughSigmoid = upstream.clone();
    Kernels.sigmoidBackward(sigmoid, throughSigmoid, throughSigmoid.length);

    float[] theirSoftmax = new org.nd4j.linalg.activations.impl.ActivationSoftmax().backprop(z.dup(), epsilon.dup())
        .getFirst().data().asFloat();
    float[] theirSigmoid = new org.nd4j.linalg.activations.impl.ActivationSigmoid().backprop(z.dup(), epsilon.dup())
        .getFirst().data().asFloat();
    for (int i = 0; i < logits.length; i++) {
      assertThat(throughSoftmax[i]).as("softmax %d", i).isCloseTo(theirSoftmax[i], within(1e-6f));
      assertThat(throughSigmoid[i]).as("sigmoid %d", i).isCloseTo(theirSigmoid[i], within(1e-6f));
    }
  }

  @Test
  void sumsAreInIndexOrderAndRoundedOnce() {
    // 2^24 + 1 + 1: a float accumulator would lose both ones; the double one rounds the exact 16,777,218 once
    float[] column = {16_777_216f, 1f, 1f};
    float[] sums = new float[1];
    Kernels.columnSums(column, 0, 3, 1, sums, 0);
    assertThat(sums[0]).isEqualTo(16_777_218f);

    float[] planes = {1, 2, 3, 4, 5, 6, 7, 8}; // [batch 2][channels 2][pixels 2]
    float[] channels = new float[2];
    Kernels.channelSums(planes, 2, 2, 2, channels);
    assertThat(channels).containsExactly(1 + 2 + 5 + 6, 3 + 4 + 7 + 8);
  }

  @Test
  void columnSumsAreEachColumnsChainInDoubleRoundedOnce() {
    // column counts below, at and past one and two vectors of doubles (2 to 8 lanes), so that every path and tail runs
    for (int columns : new int[] {1, 3, 4, 7, 8, 9, 16, 17, 32, 33}) {
      for (int rows : new int[] {1, 2, 121}) {
        float[] values = edgy(rows * columns + 5);
        float[] sums = new float[columns + 2];
        Kernels.columnSums(values, 5, rows, columns, sums, 1);
        for (int c = 0; c < columns; c++) {
          double sum = 0;
          for (int r = 0; r < rows; r++) {
            sum += values[5 + r * columns + c];
          }
          assertThat(Float.floatToIntBits(sums[1 + c])).as("column %d of %d, %d rows", c, columns, rows)
              .isEqualTo(Float.floatToIntBits((float) sum));
        }
        assertThat(sums[0]).isZero();
        assertThat(sums[columns + 1]).isZero();
      }
    }
  }

  @Test
  void transposeCopiesEachElementToItsPlace() {
    // row counts below, at and past a vector (4 to 16 lanes), from and to offsets
    for (int rows : new int[] {1, 3, 8, 15, 16, 17, 32, 33}) {
      for (int columns : new int[] {1, 5, 121}) {
        float[] in = edgy(rows * columns + 3);
        float[] out = new float[rows * columns + 4];
        Kernels.transpose(in, 3, rows, columns, out, 4);
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < columns; c++) {
            assertThat(Float.floatToRawIntBits(out[4 + c * rows + r])).as("(%d, %d) of %d x %d", r, c, rows, columns)
                .isEqualTo(Float.floatToRawIntBits(in[3 + r * columns + c]));
          }
        }
      }
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /** Signed zeros, NaN, infinities, subnormals, then values of both signs. */
  private static float[] edgy(int n) {
    float[] edges = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE};
    float[] values = KernelDigest.values(9, n);
    for (int i = 0; i < n; i++) {
      values[i] = i % 5 == 0 ? edges[i / 5 % edges.length] : values[i] - 0.5f;
    }
    return values;
  }

  @Test
  void dropoutScalesEachValueByItsBitTimesTheScaleInOneProduct() {
    // whole words, a ragged tail, and a start past the first word; the vector lanes take the bits from each word
    for (int n : new int[] {64, 1000, 3 * 64 + 37}) {
      float[] values = edgy(n);
      long[] bits = new java.util.SplittableRandom(n).longs(n / 64 + 3).toArray();
      float scale = (float) (1 / 0.8);
      float[] dropped = values.clone();
      Kernels.dropout(dropped, n, bits, 2, scale);
      for (int i = 0; i < n; i++) {
        float factor = ((bits[2 + i / 64] >>> (i % 64)) & 1) == 1 ? scale : 0f;
        assertThat(Float.floatToIntBits(dropped[i])).as("value %d of %d: %s", i, n, values[i])
            .isEqualTo(Float.floatToIntBits(values[i] * factor)); // any NaN: its bits are the JIT's
      }
    }
  }

  @Test
  void reluKeepsNegativeZeroAndNanAndItsGradientTakesTheIncomingSign() {
    int n = 1000 + 7;
    float[] values = edgy(n);
    float[] relu = values.clone();
    Kernels.relu(relu, n);
    float[] gradients = edgy(n + 3);
    float[] backward = java.util.Arrays.copyOf(gradients, n);
    Kernels.reluBackward(relu, backward, n);
    for (int i = 0; i < n; i++) {
      float x = values[i];
      assertThat(Float.floatToRawIntBits(relu[i])).as("relu(%s)", x)
          .isEqualTo(Float.floatToRawIntBits(x < 0 ? 0f : x));
      assertThat(Float.floatToIntBits(backward[i])).as("gradient %s at %s", gradients[i], x)
          .isEqualTo(Float.floatToIntBits((x > 0 ? 1f : 0f) * gradients[i]));
    }
  }

  @Test
  void bernoulliBitsAreTheThresholdedHalvesOfSplittableRandomsLongs() {
    for (long seed : new long[] {0, 1, -7, 0x123456789abcdefL}) {
      for (long threshold : new long[] {0, 1L << 31, Math.round(0.8 * 4294967296.0), 1L << 32}) {
        long[] bits = new long[11];
        Kernels.bernoulliBits(seed, threshold, bits);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int w = 0; w < bits.length; w++) {
          for (int j = 0; j < 64; j += 2) {
            long r = random.nextLong();
            long low = (r & 0xffffffffL) < threshold ? 1 : 0;
            long high = (r >>> 32) < threshold ? 1 : 0;
            assertThat(bits[w] >>> j & 3).as("seed %d, threshold %d, word %d, bits %d and %d", seed, threshold, w, j,
                j + 1).isEqualTo(low | high << 1);
          }
        }
      }
    }
  }

  /** The scatter of {@link Kernels#col2im} as its definition reads, column entry by column entry. */
  private static void col2imReference(float[] columns, int columnsOffset, int channels, int height, int width,
                                      int kernel, int stride, float[] image, int offset, int ld) {
    int outHeight = (height - kernel) / stride + 1;
    int outWidth = (width - kernel) / stride + 1;
    int row = 0;
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kernel; ky++) {
        for (int kx = 0; kx < kernel; kx++, row++) {
          for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
              image[offset + (c * height + y * stride + ky) * width + x * stride + kx]
                  += columns[columnsOffset + row * ld + y * outWidth + x];
            }
          }
        }
      }
    }
  }

  @Test
  void im2colAndCol2imGiveTheirDefinitionsBitsForEveryImageOfABatch() {
    // the study's shapes (stride 1: the vector paths) and a strided one, images side by side as the convolutions
    // lay them out (ld wider than an image's columns), the last image without a vector of room after it
    int[][] shapes = {{1, 28, 28, 3, 1}, {16, 13, 13, 3, 1}, {32, 5, 5, 5, 1}, {3, 13, 13, 5, 2}, {2, 7, 9, 2, 1}};
    for (int[] shape : shapes) {
      int channels = shape[0];
      int height = shape[1];
      int width = shape[2];
      int kernel = shape[3];
      int stride = shape[4];
      int pixels = ((height - kernel) / stride + 1) * ((width - kernel) / stride + 1);
      int taps = channels * kernel * kernel;
      int imageSize = channels * height * width;
      int batch = 5;
      int ld = batch * pixels + 3;
      float[] images = edgy(batch * imageSize);
      float[] columns = new float[taps * ld];
      float[] expectedColumns = new float[taps * ld];
      for (int b = 0; b < batch; b++) {
        Kernels.im2col(images, b * imageSize, channels, height, width, kernel, kernel, stride, columns, b * pixels, ld);
        for (int t = 0; t < taps; t++) {
          int c = t / (kernel * kernel);
          int ky = t / kernel % kernel;
          int kx = t % kernel;
          for (int q = 0; q < pixels; q++) {
            int y = q / ((width - kernel) / stride + 1);
            int x = q % ((width - kernel) / stride + 1);
            expectedColumns[t * ld + b * pixels + q] = images[b * imageSize + (c * height + y * stride + ky) * width
                + x * stride + kx];
          }
        }
      }
      for (int i = 0; i < columns.length; i++) {
        assertThat(Float.floatToRawIntBits(columns[i])).as("%s: column entry %d", java.util.Arrays.toString(shape), i)
            .isEqualTo(Float.floatToRawIntBits(expectedColumns[i]));
      }

      float[] entries = edgy(taps * ld + 11);
      float[] folded = KernelDigest.values(3, batch * imageSize);
      float[] expected = folded.clone();
      for (int b = 0; b < batch; b++) {
        Kernels.col2im(entries, 5 + b * pixels, channels, height, width, kernel, kernel, stride, folded, b * imageSize,
            ld);
        col2imReference(entries, 5 + b * pixels, channels, height, width, kernel, stride, expected, b * imageSize, ld);
      }
      for (int i = 0; i < folded.length; i++) {
        assertThat(Float.floatToIntBits(folded[i])).as("%s: pixel %d", java.util.Arrays.toString(shape), i)
            .isEqualTo(Float.floatToIntBits(expected[i])); // any NaN: its bits are the JIT's
      }
    }
  }
}
