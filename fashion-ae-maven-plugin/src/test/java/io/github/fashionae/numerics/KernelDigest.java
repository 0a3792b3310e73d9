package io.github.fashionae.numerics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fixed workload of every portable kernel on fixed inputs, shaped like the study's layers, and the SHA-256 of all
 * their output bits: run in JVMs started with flags that change the machine code the JIT emits, and on every CPU CI
 * meets, it must print the same digest ({@code PortableNumericsFlagsTest}). With the argument
 * {@code width-dependent} it digests a deliberately wrong kernel instead, a dot product summed by lanes then across
 * them, whose bits depend on the vector width: the test shows that it catches such a kernel.
 */
public final class KernelDigest {

  private KernelDigest() {
  }

  public static void main(String[] args) {
    boolean wrong = args.length > 0 && args[0].equals("width-dependent");
    System.out.println("digest " + (wrong ? widthDependent() : portable()));
  }

  /** Floats in [-1, 1) that every JVM draws alike: 24-bit integers scaled by a power of two. */
  public static float[] values(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (random.nextInt(1 << 24) - (1 << 23)) / (float) (1 << 23);
    }
    return values;
  }

  /** The digest of the portable kernels' outputs. */
  static String portable() {
    Digest digest = new Digest();
    // the second convolution's forward pass on one image: weights [32][16·3·3] · columns [144][11·11] + bias
    float[] image = values(1, 16 * 13 * 13);
    float[] columns = new float[144 * 121];
    Kernels.im2col(image, 0, 16, 13, 13, 3, 3, 1, columns, 0);
    digest.add(columns);
    float[] conv = new float[32 * 121];
    Gemm.multiply(Gemm.Matrix.of(values(2, 32 * 144), 0, 144), Gemm.Matrix.of(columns, 0, 121), conv, 0, 121, 121,
        144, Gemm.Init.ROW_BIAS, values(3, 32), 0, 32);
    digest.add(conv);
    sameDirectConvolution(image, conv);
    // a dense layer's forward pass on 20 examples: [20][800] · [800][64] + bias, and its weight gradient X^T · dY
    // (kept small: without hardware FMA, -XX:UseAVX=0, Math.fma runs in software)
    float[] x = values(4, 20 * 800);
    float[] dense = new float[20 * 64];
    Gemm.multiply(Gemm.Matrix.of(x, 0, 800), Gemm.Matrix.of(values(5, 800 * 64), 0, 64), dense, 0, 64, 64, 800,
        Gemm.Init.COLUMN_BIAS, values(6, 64), 0, 20);
    digest.add(dense);
    float[] gradient = new float[800 * 64];
    Gemm.multiply(Gemm.Matrix.transposed(x, 0, 800), Gemm.Matrix.of(dense, 0, 64), gradient, 0, 64, 64, 20,
        Gemm.Init.ZERO, null, 0, 800);
    digest.add(gradient);
    // the transposed convolution's scatter: 16 channels of 5x5 kernels, stride 2, onto 13x13
    float[] scattered = new float[16 * 29 * 29];
    Kernels.col2im(values(7, 16 * 25 * 169), 0, 16, 29, 29, 5, 5, 2, scattered, 0);
    digest.add(scattered);
    // an odd shape: no full tile, no full vector
    float[] odd = new float[7 * 37];
    Gemm.multiply(Gemm.Matrix.of(values(8, 7 * 19), 0, 19), Gemm.Matrix.of(values(9, 19 * 37), 0, 37), odd, 0, 37,
        37, 19, Gemm.Init.ZERO, null, 0, 7);
    digest.add(odd);
    float[] sums = new float[64];
    Kernels.columnSums(dense, 0, 20, 64, sums, 0);
    digest.add(sums);
    float[] channels = new float[32];
    Kernels.channelSums(conv, 1, 32, 121, channels);
    digest.add(channels);
    float[] logistic = values(10, 784);
    Kernels.sigmoid(logistic, 0, 784);
    digest.add(logistic);
    float[] softmax = values(11, 100 * 10);
    Kernels.softmaxRows(softmax, 0, 100, 10);
    digest.add(softmax);
    float[] throughSoftmax = values(14, 100 * 10);
    Kernels.softmaxBackward(softmax, throughSoftmax, 100, 10);
    digest.add(throughSoftmax);
    float[] throughSigmoid = values(15, 784);
    Kernels.sigmoidBackward(logistic, throughSigmoid, 784);
    digest.add(throughSigmoid);
    float[] rows = new float[121 * 144];
    Kernels.im2row(image, 0, 16, 13, 13, 3, 3, 1, rows, 0);
    digest.add(rows);
    return digest.hex();
  }

  /**
   * The stride-1 convolution straight from the image and δ ({@link DirectConvolution}) must give the product's bits
   * (the forward pass above; the input gradient as col2im of {@code W^T · δ}; the weight gradient as im2col's columns
   * times δ by pixel) in every JVM the digest runs in: else this throws, and no digest is printed. They are compared,
   * not digested, so that the golden digest stays the one recorded before they existed.
   */
  private static void sameDirectConvolution(float[] image, float[] conv) {
    float[] weights = values(2, 32 * 144);
    float[] direct = new float[32 * 121];
    DirectConvolution.forward(image, 0, 16, 13, 13, weights, 32, 3, 3, values(3, 32), direct, 0);
    same(direct, conv, "DirectConvolution.forward");
    float[] delta = values(16, 32 * 121);
    float[] weightsT = new float[144 * 32];
    Kernels.transpose(weights, 0, 32, 144, weightsT, 0);
    float[] columns = new float[144 * 121];
    Gemm.multiply(Gemm.Matrix.of(weightsT, 0, 32), Gemm.Matrix.of(delta, 0, 121), columns, 0, 121, 121, 32,
        Gemm.Init.ZERO, null, 0, 144);
    float[] dx = new float[16 * 13 * 13];
    Kernels.col2im(columns, 0, 16, 13, 13, 3, 3, 1, dx, 0);
    float[] directDx = new float[dx.length];
    DirectConvolution.inputGradient(delta, 0, 32, 16, 13, 13, 3, 3, weights, directDx, 0);
    same(directDx, dx, "DirectConvolution.inputGradient");
    float[] imageColumns = new float[144 * 121];
    Kernels.im2col(image, 0, 16, 13, 13, 3, 3, 1, imageColumns, 0);
    float[] byPixel = new float[121 * 32];
    Kernels.transpose(delta, 0, 32, 121, byPixel, 0);
    float[] gradient = new float[144 * 32];
    Gemm.multiply(Gemm.Matrix.of(imageColumns, 0, 121), Gemm.Matrix.of(byPixel, 0, 32), gradient, 0, 32, 32, 121,
        Gemm.Init.ZERO, null, 0, 144);
    float[] directGradient = new float[gradient.length];
    DirectConvolution.weightGradient(image, 1, 16, 13, 13, 3, 3, 1, byPixel, 32, directGradient, 0, 144);
    same(directGradient, gradient, "DirectConvolution.weightGradient");
  }

  private static void same(float[] actual, float[] expected, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
        throw new AssertionError(what + " differs from the product at element " + i + ": " + actual[i] + ", not "
            + expected[i]);
      }
    }
  }

  /** The digest of a dot product summed by lanes, then across them with reduceLanes: width-dependent. */
  static String widthDependent() {
    VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
    float[] a = values(12, 100 * 800);
    float[] b = values(13, 800);
    float[] out = new float[100];
    for (int i = 0; i < 100; i++) {
      FloatVector acc = FloatVector.zero(species);
      for (int p = 0; p < 800; p += species.length()) {
        acc = FloatVector.fromArray(species, a, i * 800 + p).fma(FloatVector.fromArray(species, b, p), acc);
      }
      out[i] = acc.reduceLanes(VectorOperators.ADD);
    }
    Digest digest = new Digest();
    digest.add(out);
    return digest.hex();
  }

  /** The SHA-256 of floats' bits, little-endian. */
  static final class Digest {
    private final MessageDigest sha;

    Digest() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(float[] values) {
      ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(values);
      sha.update(bytes.array());
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
