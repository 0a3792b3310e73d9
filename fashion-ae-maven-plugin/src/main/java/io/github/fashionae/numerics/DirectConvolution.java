package io.github.fashionae.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One image's convolution of stride 1 without padding, straight from the image: no im2col. Each output element
 * {@code z[o][y][x]} starts at its bias (or zero) and adds {@code w[o][t] · x[c][y + ky][x + kx]} for the taps {@code
 * t = (c, ky, kx)} in that order, one exactly rounded fused multiply-add each: the chain {@link Gemm} runs over
 * im2col's rows, so the same bits as the product of the weights and the image's columns.
 *
 * <p>The vector path reads the image's rows as one line: output pixel {@code (y, x)} is {@code e = y · width + x} of an
 * "extended" output as wide as the input, whose tap {@code t} reads the input at {@code e + offset(t)}, so that a
 * vector of neighbouring {@code e} is one load per tap. The extended output's last {@code kw - 1} columns of each row
 * are computed and dropped (lanes are independent elements: they change no other); the kept ones are copied into
 * place. A tile of four output channels by two vectors keeps its sums in registers, as {@link Gemm}'s does.
 */
public final class DirectConvolution {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;
  /** Each thread's extended output, [out][extended pixels]. */
  private static final ThreadLocal<float[][]> EXTENDED = ThreadLocal.withInitial(() -> new float[1][0]);

  private DirectConvolution() {
  }

  /**
   * {@code z[o][y][x] = bias[o] + Σ_t w[o][t] · x[c][y + ky][x + kx]}, taps in order, for one [channels][height][width]
   * image at {@code xOffset}, weights [out][channels][kh][kw], into [out][outHeight][outWidth] at {@code zOffset}.
   *
   * @param bias the biases, or null for zero
   */
  public static void forward(float[] x, int xOffset, int channels, int height, int width, float[] weights, int out,
                             int kernelHeight, int kernelWidth, float[] bias, float[] z, int zOffset) {
    int outHeight = height - kernelHeight + 1;
    int outWidth = width - kernelWidth + 1;
    int taps = channels * kernelHeight * kernelWidth;
    int[] offsets = new int[taps];
    for (int c = 0, t = 0; c < channels; c++) {
      for (int ky = 0; ky < kernelHeight; ky++) {
        for (int kx = 0; kx < kernelWidth; kx++, t++) {
          offsets[t] = xOffset + (c * height + ky) * width + kx;
        }
      }
    }
    int extended = (outHeight - 1) * width + outWidth;
    if (Gemm.SCALAR) {
      for (int o = 0; o < out; o++) {
        for (int y = 0; y < outHeight; y++) {
          for (int px = 0; px < outWidth; px++) {
            z[zOffset + (o * outHeight + y) * outWidth + px] = scalar(x, offsets, weights, o * taps, taps,
                bias == null ? 0f : bias[o], y * width + px);
          }
        }
      }
      return;
    }
    float[] ext = extendedBuffer(out * extended);
    // a vector ending by the extended output's end reads no further than the image's last value; the last one ends
    // there, overlapping the one before it (the pixels of both are computed twice, to the same bits)
    int vectorEnd = extended < LANES ? 0 : extended - extended % LANES;
    int last = extended % LANES == 0 || extended < LANES ? -1 : extended - LANES;
    int pairEnd = extended - extended % (2 * LANES);
    int tileEnd = out - out % ROWS;
    for (int o = 0; o < tileEnd; o += ROWS) {
      for (int e = 0; e < pairEnd; e += 2 * LANES) {
        pairTile(x, offsets, weights, taps, bias, o, e, ext, extended);
      }
      for (int e = pairEnd; e < vectorEnd; e += LANES) {
        vectorTile(x, offsets, weights, taps, bias, o, e, ext, extended);
      }
      if (last >= 0) {
        vectorTile(x, offsets, weights, taps, bias, o, last, ext, extended);
      }
    }
    for (int o = tileEnd; o < out; o++) {
      for (int e = 0; e < vectorEnd; e += LANES) {
        vector(x, offsets, weights, taps, bias, o, e, ext, extended);
      }
      if (last >= 0) {
        vector(x, offsets, weights, taps, bias, o, last, ext, extended);
      }
    }
    for (int o = 0; o < out; o++) {
      for (int e = last >= 0 ? extended : vectorEnd; e < extended; e++) { // an output narrower than a vector
        ext[o * extended + e] = scalar(x, offsets, weights, o * taps, taps, bias == null ? 0f : bias[o], e);
      }
      for (int y = 0; y < outHeight; y++) {
        System.arraycopy(ext, o * extended + y * width, z, zOffset + (o * outHeight + y) * outWidth, outWidth);
      }
    }
  }

  /** One element's chain: from {@code start}, the taps in order. */
  private static float scalar(float[] x, int[] offsets, float[] weights, int w, int taps, float start, int e) {
    float acc = start;
    for (int t = 0; t < taps; t++) {
      acc = Fma.fma(weights[w + t], x[offsets[t] + e], acc);
    }
    return acc;
  }

  private static float[] extendedBuffer(int length) {
    float[][] holder = EXTENDED.get();
    if (holder[0].length < length) {
      holder[0] = new float[length];
    }
    return holder[0];
  }

  private static FloatVector start(float[] bias, int o) {
    return FloatVector.broadcast(SPECIES, bias == null ? 0f : bias[o]);
  }

  /** Output channels {@code [o, o + 4)} at extended pixels {@code [e, e + 2·LANES)}. */
  private static void pairTile(float[] x, int[] offsets, float[] weights, int taps, float[] bias, int o, int e,
                               float[] ext, int extended) {
    FloatVector c00 = start(bias, o);
    FloatVector c01 = c00;
    FloatVector c10 = start(bias, o + 1);
    FloatVector c11 = c10;
    FloatVector c20 = start(bias, o + 2);
    FloatVector c21 = c20;
    FloatVector c30 = start(bias, o + 3);
    FloatVector c31 = c30;
    int w = o * taps;
    for (int t = 0; t < taps; t++, w++) {
      int at = offsets[t] + e;
      FloatVector b0 = FloatVector.fromArray(SPECIES, x, at);
      FloatVector b1 = FloatVector.fromArray(SPECIES, x, at + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, weights[w]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, weights[w + taps]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, weights[w + 2 * taps]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, weights[w + 3 * taps]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    int to = o * extended + e;
    c00.intoArray(ext, to);
    c01.intoArray(ext, to + LANES);
    c10.intoArray(ext, to + extended);
    c11.intoArray(ext, to + extended + LANES);
    c20.intoArray(ext, to + 2 * extended);
    c21.intoArray(ext, to + 2 * extended + LANES);
    c30.intoArray(ext, to + 3 * extended);
    c31.intoArray(ext, to + 3 * extended + LANES);
  }

  /** Output channel {@code o} at extended pixels {@code [e, e + LANES)}. */
  private static void vector(float[] x, int[] offsets, float[] weights, int taps, float[] bias, int o, int e,
                             float[] ext, int extended) {
    FloatVector acc = start(bias, o);
    for (int t = 0, w = o * taps; t < taps; t++, w++) {
      acc = FloatVector.broadcast(SPECIES, weights[w]).fma(FloatVector.fromArray(SPECIES, x, offsets[t] + e), acc);
    }
    acc.intoArray(ext, o * extended + e);
  }

  /** Output channels {@code [o, o + 4)} at extended pixels {@code [e, e + LANES)}. */
  private static void vectorTile(float[] x, int[] offsets, float[] weights, int taps, float[] bias, int o, int e,
                                 float[] ext, int extended) {
    FloatVector c0 = start(bias, o);
    FloatVector c1 = start(bias, o + 1);
    FloatVector c2 = start(bias, o + 2);
    FloatVector c3 = start(bias, o + 3);
    int w = o * taps;
    for (int t = 0; t < taps; t++, w++) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, x, offsets[t] + e);
      c0 = FloatVector.broadcast(SPECIES, weights[w]).fma(b0, c0);
      c1 = FloatVector.broadcast(SPECIES, weights[w + taps]).fma(b0, c1);
      c2 = FloatVector.broadcast(SPECIES, weights[w + 2 * taps]).fma(b0, c2);
      c3 = FloatVector.broadcast(SPECIES, weights[w + 3 * taps]).fma(b0, c3);
    }
    int to = o * extended + e;
    c0.intoArray(ext, to);
    c1.intoArray(ext, to + extended);
    c2.intoArray(ext, to + 2 * extended);
    c3.intoArray(ext, to + 3 * extended);
  }
}
