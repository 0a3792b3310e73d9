package io.github.fashionae.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolutions straight from the image and δ, without im2col's columns or col2im: each element is the same chain of
 * exactly rounded operations as {@link Gemm}'s product over im2col's columns (and, for an input gradient, col2im's
 * additions of its columns), so the same bits; only which element is computed when, and from where, differs.
 *
 * <ul>
 *   <li>{@link #forward}, stride 1: each output {@code z[o][y][x]} starts at its bias (or zero) and adds {@code
 *       w[o][t] · x[c][y + ky][x + kx]} for the taps {@code t = (c, ky, kx)} in order, one fused multiply-add each.
 *       The vector path reads the image's rows as one line: output pixel {@code (y, x)} is {@code e = y · width + x}
 *       of an "extended" output as wide as the input, whose tap {@code t} reads the input at {@code e + offset(t)},
 *       so that a vector of neighbouring {@code e} is one load per tap; the extended output's last {@code kw - 1}
 *       columns of each row are computed and dropped (lanes are independent elements: they change no other), the
 *       kept ones copied into place. Where the extended output is not a whole number of pairs of vectors, the last
 *       pair ends at its end, overlapping the one before: those pixels are computed twice, to the same bits.</li>
 *   <li>{@link #inputGradient}, stride 1: col2im's sums from δ, per input pixel.</li>
 *   <li>{@link #weightGradient}, any stride: each weight's chain over the examples and pixels, from the images.</li>
 *   <li>{@link #forwardByPixel}, any stride: a convolution by pixel, the lanes over its output channels (a
 *       transposed convolution's input gradient is such a convolution of δ).</li>
 * </ul>
 *
 * <p>Tiles of output channels (or taps, or pixels) by one or two vectors keep their sums in registers, as {@link
 * Gemm}'s do; each loop that carries vectors is one flat loop (JDK 17's C2 boxed vectors carried through two nested
 * loops, ten times slower).
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
    int[] offsets = tapOffsets(xOffset, channels, height, width, kernelHeight, kernelWidth);
    int extended = (outHeight - 1) * width + outWidth;
    if (Gemm.SCALAR || extended < 2 * LANES) {
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
    // pairs of vectors; where the extended output is not a whole number of them, one more pair ending at its end,
    // overlapping the one before (its pixels computed twice to the same bits): no vector reads past the image
    int[] starts = pairStarts(extended);
    // tiles of eight channels where the vector registers are 32 (AVX-512's, 16 floats wide), else of four
    int wideEnd = LANES >= 16 ? out - out % (2 * ROWS) : 0;
    int tileEnd = out - (out - wideEnd) % ROWS;
    for (int o = 0; o < out; o += o < wideEnd ? 2 * ROWS : o < tileEnd ? ROWS : 1) {
      for (int e : starts) {
        if (o < wideEnd) {
          wideTile(x, offsets, weights, taps, bias, o, e, ext, extended);
        } else if (o < tileEnd) {
          pairTile(x, offsets, weights, taps, bias, o, e, ext, extended);
        } else {
          vector(x, offsets, weights, taps, bias, o, e, ext, extended);
          vector(x, offsets, weights, taps, bias, o, e + LANES, ext, extended);
        }
      }
    }
    for (int o = 0; o < out; o++) {
      for (int y = 0; y < outHeight; y++) {
        System.arraycopy(ext, o * extended + y * width, z, zOffset + (o * outHeight + y) * outWidth, outWidth);
      }
    }
  }

  /**
   * One image's input gradient of a stride-1 convolution without padding, straight from δ: no columns, no col2im.
   * Each {@code dx[c][Y][X]} is what {@link Kernels#col2im} makes of the columns {@code W^T · δ}: zero, plus, for the
   * taps {@code (ky, kx)} in order whose output pixel {@code (Y - ky, X - kx)} exists, the column value {@code Σ_o
   * w[o][c][ky][kx] · δ[o][Y - ky][X - kx]} (one chain from zero over o, rounded to float as a stored column is),
   * added in float. So the same bits as {@link Gemm} then {@link Kernels#col2im}.
   *
   * <p>The vector path computes a vector of neighbouring input pixels per tap at once: their column values from δ laid
   * out as wide as the input ({@code Y · width + X - offset}, one load per output channel), added where the output
   * pixel exists (a mask per tap and vector), the others left as they were. Tiles of four input channels by two
   * vectors keep their sums in registers; a pair of vectors that would pass the plane's end ends there instead,
   * overlapping the one before (its pixels computed twice to the same bits, stored twice).
   *
   * @param delta δ, [out][outHeight][outWidth] of this image at {@code deltaOffset}
   * @param weights [out][channels][kh][kw]
   * @param dx this image's [channels][height][width] at {@code dxOffset}, overwritten
   */
  public static void inputGradient(float[] delta, int deltaOffset, int out, int channels, int height, int width,
                                   int kernelHeight, int kernelWidth, float[] weights, float[] dx, int dxOffset) {
    int outHeight = height - kernelHeight + 1;
    int outWidth = width - kernelWidth + 1;
    int plane = height * width;
    int kernel = kernelHeight * kernelWidth;
    boolean[][] kept = keptLanes(height, width, kernelHeight, kernelWidth);
    if (Gemm.SCALAR || plane < 2 * LANES) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < plane; p++) {
          float sum = 0f;
          for (int ky = 0; ky < kernelHeight; ky++) {
            for (int kx = 0; kx < kernelWidth; kx++) {
              if (kept[ky * kernelWidth + kx][p]) {
                int source = deltaOffset + (p / width - ky) * outWidth + p % width - kx;
                float column = 0f;
                for (int o = 0; o < out; o++) {
                  column = Fma.fma(weights[((o * channels + c) * kernelHeight + ky) * kernelWidth + kx],
                      delta[source + o * outHeight * outWidth], column);
                }
                sum += column;
              }
            }
          }
          dx[dxOffset + c * plane + p] = sum;
        }
      }
      return;
    }
    // δ as wide as the input, after a margin of the largest tap offset: pixel (y, x) of channel o at o·rows + margin +
    // y·width + x, zero elsewhere, so that input pixel p reads tap (ky, kx)'s value at margin + p - offset
    int margin = (kernelHeight - 1) * width + kernelWidth - 1;
    int rows = margin + plane + LANES;
    float[] wide = extendedBuffer(out * rows);
    java.util.Arrays.fill(wide, 0, out * rows, 0f);
    for (int o = 0; o < out; o++) {
      for (int y = 0; y < outHeight; y++) {
        System.arraycopy(delta, deltaOffset + (o * outHeight + y) * outWidth, wide, o * rows + margin + y * width,
            outWidth);
      }
    }
    int[] offsets = new int[kernel];
    for (int ky = 0; ky < kernelHeight; ky++) {
      for (int kx = 0; kx < kernelWidth; kx++) {
        offsets[ky * kernelWidth + kx] = margin - (ky * width + kx);
      }
    }
    // pairs of vectors; where the plane is not a whole number of them, one more pair ending at its end, overlapping
    // the one before (its pixels computed twice to the same bits, stored twice)
    int[] starts = pairStarts(plane);
    int tileEnd = channels - channels % ROWS;
    for (int c = 0; c < channels; c += c < tileEnd ? ROWS : 1) {
      for (int p : starts) {
        if (c < tileEnd) {
          gradientTile(wide, rows, offsets, kept, weights, out, channels, kernel, c, p, dx, dxOffset + c * plane,
              plane);
        } else {
          gradientVector(wide, rows, offsets, kept, weights, out, channels, kernel, c, p, dx, dxOffset + c * plane);
          gradientVector(wide, rows, offsets, kept, weights, out, channels, kernel, c, p + LANES, dx,
              dxOffset + c * plane);
        }
      }
    }
  }

  /** The shape of a stride-1 input gradient's masks ({@link #keptLanes}), with the masks. */
  private record Kept(int height, int width, int kernelHeight, int kernelWidth, boolean[][] lanes) {
  }

  /** The last masks {@link #keptLanes} made on this thread. */
  private static final ThreadLocal<Kept> KEPT = new ThreadLocal<>();

  /**
   * Each tap {@code (ky, kx)}'s lanes for a stride-1 input gradient of a {@code height × width} input: whether input
   * pixel p has an output pixel {@code p - offset(tap)}; {@code LANES} false ones past the plane. Made once per shape
   * on each thread (made per image, they took a tenth of the pass).
   */
  private static boolean[][] keptLanes(int height, int width, int kernelHeight, int kernelWidth) {
    Kept last = KEPT.get();
    if (last != null && last.height() == height && last.width() == width && last.kernelHeight() == kernelHeight
        && last.kernelWidth() == kernelWidth) {
      return last.lanes();
    }
    int outHeight = height - kernelHeight + 1;
    int outWidth = width - kernelWidth + 1;
    int plane = height * width;
    boolean[][] kept = new boolean[kernelHeight * kernelWidth][plane + LANES];
    for (int ky = 0; ky < kernelHeight; ky++) {
      for (int kx = 0; kx < kernelWidth; kx++) {
        for (int p = 0; p < plane; p++) {
          int y = p / width - ky;
          int x = p % width - kx;
          kept[ky * kernelWidth + kx][p] = y >= 0 && y < outHeight && x >= 0 && x < outWidth;
        }
      }
    }
    KEPT.set(new Kept(height, width, kernelHeight, kernelWidth, kept));
    return kept;
  }

  /** Input channels {@code [c, c + 4)} at input pixels {@code [p, p + 2·LANES)} ({@link #inputGradient}). */
  private static void gradientTile(float[] wide, int rows, int[] offsets, boolean[][] kept, float[] weights, int out,
                                   int channels, int kernel, int c, int p, float[] dx, int to, int plane) {
    int stride = kernel; // between one input channel's weights and the next's, for an output channel
    FloatVector s00 = FloatVector.zero(SPECIES);
    FloatVector s01 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    for (int k = 0; k < kernel; k++) {
      FloatVector c00 = FloatVector.zero(SPECIES);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      int at = offsets[k] + p;
      int w = c * kernel + k;
      for (int o = 0; o < out; o++, at += rows, w += channels * kernel) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, wide, at);
        FloatVector d1 = FloatVector.fromArray(SPECIES, wide, at + LANES);
        FloatVector w0 = FloatVector.broadcast(SPECIES, weights[w]);
        c00 = w0.fma(d0, c00);
        c01 = w0.fma(d1, c01);
        FloatVector w1 = FloatVector.broadcast(SPECIES, weights[w + stride]);
        c10 = w1.fma(d0, c10);
        c11 = w1.fma(d1, c11);
        FloatVector w2 = FloatVector.broadcast(SPECIES, weights[w + 2 * stride]);
        c20 = w2.fma(d0, c20);
        c21 = w2.fma(d1, c21);
        FloatVector w3 = FloatVector.broadcast(SPECIES, weights[w + 3 * stride]);
        c30 = w3.fma(d0, c30);
        c31 = w3.fma(d1, c31);
      }
      VectorMask<Float> m0 = VectorMask.fromArray(SPECIES, kept[k], p);
      VectorMask<Float> m1 = VectorMask.fromArray(SPECIES, kept[k], p + LANES);
      s00 = s00.blend(s00.add(c00), m0);
      s01 = s01.blend(s01.add(c01), m1);
      s10 = s10.blend(s10.add(c10), m0);
      s11 = s11.blend(s11.add(c11), m1);
      s20 = s20.blend(s20.add(c20), m0);
      s21 = s21.blend(s21.add(c21), m1);
      s30 = s30.blend(s30.add(c30), m0);
      s31 = s31.blend(s31.add(c31), m1);
    }
    s00.intoArray(dx, to + p);
    s01.intoArray(dx, to + p + LANES);
    s10.intoArray(dx, to + plane + p);
    s11.intoArray(dx, to + plane + p + LANES);
    s20.intoArray(dx, to + 2 * plane + p);
    s21.intoArray(dx, to + 2 * plane + p + LANES);
    s30.intoArray(dx, to + 3 * plane + p);
    s31.intoArray(dx, to + 3 * plane + p + LANES);
  }

  /** Input channel {@code c} at input pixels {@code [p, p + LANES)} ({@link #inputGradient}), into its plane. */
  private static void gradientVector(float[] wide, int rows, int[] offsets, boolean[][] kept, float[] weights,
                                     int out, int channels, int kernel, int c, int p, float[] dx, int to) {
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int k = 0; k < kernel; k++) {
      FloatVector column = FloatVector.zero(SPECIES);
      int at = offsets[k] + p;
      int w = c * kernel + k;
      for (int o = 0; o < out; o++, at += rows, w += channels * kernel) {
        column = FloatVector.broadcast(SPECIES, weights[w]).fma(FloatVector.fromArray(SPECIES, wide, at), column);
      }
      sum = sum.blend(sum.add(column), VectorMask.fromArray(SPECIES, kept[k], p));
    }
    sum.intoArray(dx, to + p);
  }

  /**
   * A convolution's weight gradient over a batch (any stride, no padding), straight from the images: no im2col.
   * Element {@code (t, o)} of {@code into} ([taps][out], the transpose of DL4J's [out][taps]) starts at zero and adds
   * {@code x_b[c][s·y + ky][s·x + kx] · δ[b · pixels + y · outWidth + x][o]} for the images b, then the output rows y,
   * then the columns x, in that order, one fused multiply-add each: the chain {@link Gemm} runs for im2col's columns
   * times δ by pixel, so the same bits. Only the taps {@code [fromTap, toTap)} are written (the threads share the
   * taps).
   *
   * <p>The vector path keeps a tile of four taps by one or two vectors of output channels in registers while it runs
   * over one image's pixels (the image and its δ stay in the cache for every tile), stores the tile's sums and takes
   * them up again for the next image (stores and loads are exact).
   *
   * @param x the batch, [batch][channels][height][width]
   * @param byPixel δ by pixel, [batch · outHeight · outWidth][out]
   */
  public static void weightGradient(float[] x, int batch, int channels, int height, int width, int kernelHeight,
                                    int kernelWidth, int stride, float[] byPixel, int out, float[] into, int fromTap,
                                    int toTap) {
    int outHeight = (height - kernelHeight) / stride + 1;
    int outWidth = (width - kernelWidth) / stride + 1;
    int pixels = outHeight * outWidth;
    int image = channels * height * width;
    int taps = channels * kernelHeight * kernelWidth;
    int[] offsets = tapOffsets(0, channels, height, width, kernelHeight, kernelWidth);
    int[] pixelAt = pixelPlaces(outHeight, outWidth, width, stride);
    java.util.Arrays.fill(into, fromTap * out, toTap * out, 0f);
    int vectorEnd = Gemm.SCALAR ? 0 : out - out % LANES;
    int pairEnd = Gemm.SCALAR ? 0 : out - out % (2 * LANES);
    int tileEnd = toTap - (toTap - fromTap) % ROWS;
    for (int b = 0; b < batch; b++) {
      int firstPixel = b * pixels;
      int xb = b * image;
      for (int t = fromTap; t < toTap; t += t < tileEnd ? ROWS : 1) {
        int rowsHere = t < tileEnd ? ROWS : 1;
        for (int o = 0; o < pairEnd; o += 2 * LANES) {
          if (rowsHere == ROWS) {
            weightTile(x, xb, offsets, t, byPixel, firstPixel, out, o, into, pixelAt);
          } else {
            weightVector(x, xb, offsets[t], byPixel, firstPixel, out, o, into, t, pixelAt);
            weightVector(x, xb, offsets[t], byPixel, firstPixel, out, o + LANES, into, t, pixelAt);
          }
        }
        for (int o = pairEnd; o < vectorEnd; o += LANES) {
          if (rowsHere == ROWS) {
            weightTileOfOne(x, xb, offsets, t, byPixel, firstPixel, out, o, into, pixelAt);
          } else {
            weightVector(x, xb, offsets[t], byPixel, firstPixel, out, o, into, t, pixelAt);
          }
        }
        for (int i = 0; i < rowsHere; i++) {
          for (int o = vectorEnd; o < out; o++) {
            float acc = into[(t + i) * out + o];
            for (int q = 0; q < pixels; q++) {
              acc = Fma.fma(x[xb + offsets[t + i] + pixelAt[q]], byPixel[(firstPixel + q) * out + o], acc);
            }
            into[(t + i) * out + o] = acc;
          }
        }
      }
    }
  }

  /**
   * Where each tap {@code t = (c, ky, kx)}, in order, reads an image at {@code base} relative to its output pixel's
   * place ({@link #pixelPlaces}): {@code base + (c · height + ky) · width + kx}.
   */
  private static int[] tapOffsets(int base, int channels, int height, int width, int kernelHeight, int kernelWidth) {
    int[] offsets = new int[channels * kernelHeight * kernelWidth];
    for (int c = 0, t = 0; c < channels; c++) {
      for (int ky = 0; ky < kernelHeight; ky++) {
        for (int kx = 0; kx < kernelWidth; kx++, t++) {
          offsets[t] = base + (c * height + ky) * width + kx;
        }
      }
    }
    return offsets;
  }

  /**
   * The starts of the pairs of vectors that cover {@code [0, length)} (at least two vectors long): whole pairs, then,
   * where {@code length} is not a whole number of them, one more ending at its end, overlapping the one before.
   */
  private static int[] pairStarts(int length) {
    int pairs = length / (2 * LANES);
    int[] starts = new int[length % (2 * LANES) == 0 ? pairs : pairs + 1];
    for (int i = 0; i < pairs; i++) {
      starts[i] = i * 2 * LANES;
    }
    if (starts.length > pairs) {
      starts[pairs] = length - 2 * LANES;
    }
    return starts;
  }

  /** Where each output pixel {@code q} of a convolution reads its first tap: {@code stride · (y · width + x)}. */
  private static int[] pixelPlaces(int outHeight, int outWidth, int width, int stride) {
    int[] places = new int[outHeight * outWidth];
    for (int q = 0; q < places.length; q++) {
      places[q] = stride * (q / outWidth * width + q % outWidth);
    }
    return places;
  }

  /**
   * One image's convolution of any stride without padding, by pixel: {@code into[q][j] = Σ_t x[c][s·y + ky][s·x + kx]
   * · matrix[t][j]} for output pixel {@code q = (y, x)}, the taps {@code t = (c, ky, kx)} in order from zero, one
   * fused multiply-add each: the chain {@link Gemm} runs for {@code matrix^T · im2col(x)}, whose transpose this is
   * ([pixels][out], the lanes over {@code j}). A transposed convolution's input gradient is such a convolution of δ.
   * The vector path takes tiles of four pixels by two vectors of {@code j}; {@code out} must then be a whole number
   * of pairs of vectors ({@link #pairs}).
   *
   * @param matrix [taps][out]
   * @param into [pixels][out] from {@code intoOffset}
   */
  public static void forwardByPixel(float[] x, int xOffset, int channels, int height, int width, int kernelHeight,
                                    int kernelWidth, int stride, float[] matrix, int out, float[] into,
                                    int intoOffset) {
    int outHeight = (height - kernelHeight) / stride + 1;
    int outWidth = (width - kernelWidth) / stride + 1;
    int pixels = outHeight * outWidth;
    int taps = channels * kernelHeight * kernelWidth;
    int[] offsets = tapOffsets(xOffset, channels, height, width, kernelHeight, kernelWidth);
    int[] pixelAt = pixelPlaces(outHeight, outWidth, width, stride);
    if (Gemm.SCALAR || !pairs(out)) {
      for (int q = 0; q < pixels; q++) {
        for (int j = 0; j < out; j++) {
          float acc = 0f;
          for (int t = 0; t < taps; t++) {
            acc = Fma.fma(x[offsets[t] + pixelAt[q]], matrix[t * out + j], acc);
          }
          into[intoOffset + q * out + j] = acc;
        }
      }
      return;
    }
    int tileEnd = pixels - pixels % ROWS;
    for (int j = 0; j < out; j += 2 * LANES) {
      for (int q = 0; q < tileEnd; q += ROWS) {
        byPixelTile(x, offsets, pixelAt, q, matrix, out, j, into, intoOffset);
      }
      for (int q = tileEnd; q < pixels; q++) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = c0;
        int at = pixelAt[q];
        for (int t = 0, row = j; t < offsets.length; t++, row += out) {
          FloatVector a = FloatVector.broadcast(SPECIES, x[offsets[t] + at]);
          c0 = a.fma(FloatVector.fromArray(SPECIES, matrix, row), c0);
          c1 = a.fma(FloatVector.fromArray(SPECIES, matrix, row + LANES), c1);
        }
        c0.intoArray(into, intoOffset + q * out + j);
        c1.intoArray(into, intoOffset + q * out + j + LANES);
      }
    }
  }

  /** Whether {@code out} lanes are a whole number of vectors: what {@link #weightGradient}'s tiles take. */
  public static boolean vectors(int out) {
    return out % LANES == 0;
  }

  /** Whether {@code out} lanes are a whole number of pairs of vectors: what the by-pixel tiles take. */
  public static boolean pairs(int out) {
    return out % (2 * LANES) == 0;
  }

  /** Pixels {@code [q, q + 4)} by {@code [j, j + 2·LANES)} ({@link #forwardByPixel}). */
  private static void byPixelTile(float[] x, int[] offsets, int[] pixelAt, int q, float[] matrix, int out, int j,
                                  float[] into, int intoOffset) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int p0 = pixelAt[q];
    int p1 = pixelAt[q + 1];
    int p2 = pixelAt[q + 2];
    int p3 = pixelAt[q + 3];
    for (int t = 0, row = j; t < offsets.length; t++, row += out) {
      int at = offsets[t];
      FloatVector b0 = FloatVector.fromArray(SPECIES, matrix, row);
      FloatVector b1 = FloatVector.fromArray(SPECIES, matrix, row + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, x[at + p0]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, x[at + p1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, x[at + p2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, x[at + p3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    int to = intoOffset + q * out + j;
    c00.intoArray(into, to);
    c01.intoArray(into, to + LANES);
    c10.intoArray(into, to + out);
    c11.intoArray(into, to + out + LANES);
    c20.intoArray(into, to + 2 * out);
    c21.intoArray(into, to + 2 * out + LANES);
    c30.intoArray(into, to + 3 * out);
    c31.intoArray(into, to + 3 * out + LANES);
  }

  /** Taps {@code [t, t + 4)} by output channels {@code [o, o + 2·LANES)}, over one image ({@link #weightGradient}). */
  private static void weightTile(float[] x, int xb, int[] offsets, int t, float[] byPixel, int firstPixel, int out,
                                 int o, float[] into, int[] pixelAt) {
    int to = t * out + o;
    FloatVector c00 = FloatVector.fromArray(SPECIES, into, to);
    FloatVector c01 = FloatVector.fromArray(SPECIES, into, to + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, into, to + out);
    FloatVector c11 = FloatVector.fromArray(SPECIES, into, to + out + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, into, to + 2 * out);
    FloatVector c21 = FloatVector.fromArray(SPECIES, into, to + 2 * out + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, into, to + 3 * out);
    FloatVector c31 = FloatVector.fromArray(SPECIES, into, to + 3 * out + LANES);
    int d1 = offsets[t + 1] - offsets[t];
    int d2 = offsets[t + 2] - offsets[t];
    int d3 = offsets[t + 3] - offsets[t];
    int row = firstPixel * out + o;
    int base = xb + offsets[t];
    for (int q = 0; q < pixelAt.length; q++, row += out) { // one loop: vectors carried through nested loops get boxed
      int at = base + pixelAt[q];
      FloatVector b0 = FloatVector.fromArray(SPECIES, byPixel, row);
      FloatVector b1 = FloatVector.fromArray(SPECIES, byPixel, row + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, x[at]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, x[at + d1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, x[at + d2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, x[at + d3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    c00.intoArray(into, to);
    c01.intoArray(into, to + LANES);
    c10.intoArray(into, to + out);
    c11.intoArray(into, to + out + LANES);
    c20.intoArray(into, to + 2 * out);
    c21.intoArray(into, to + 2 * out + LANES);
    c30.intoArray(into, to + 3 * out);
    c31.intoArray(into, to + 3 * out + LANES);
  }

  /** Taps {@code [t, t + 4)} by output channels {@code [o, o + LANES)}, over one image ({@link #weightGradient}). */
  private static void weightTileOfOne(float[] x, int xb, int[] offsets, int t, float[] byPixel, int firstPixel,
                                      int out, int o, float[] into, int[] pixelAt) {
    int to = t * out + o;
    FloatVector c0 = FloatVector.fromArray(SPECIES, into, to);
    FloatVector c1 = FloatVector.fromArray(SPECIES, into, to + out);
    FloatVector c2 = FloatVector.fromArray(SPECIES, into, to + 2 * out);
    FloatVector c3 = FloatVector.fromArray(SPECIES, into, to + 3 * out);
    int d1 = offsets[t + 1] - offsets[t];
    int d2 = offsets[t + 2] - offsets[t];
    int d3 = offsets[t + 3] - offsets[t];
    int row = firstPixel * out + o;
    int base = xb + offsets[t];
    for (int q = 0; q < pixelAt.length; q++, row += out) {
      int at = base + pixelAt[q];
      FloatVector b0 = FloatVector.fromArray(SPECIES, byPixel, row);
      c0 = FloatVector.broadcast(SPECIES, x[at]).fma(b0, c0);
      c1 = FloatVector.broadcast(SPECIES, x[at + d1]).fma(b0, c1);
      c2 = FloatVector.broadcast(SPECIES, x[at + d2]).fma(b0, c2);
      c3 = FloatVector.broadcast(SPECIES, x[at + d3]).fma(b0, c3);
    }
    c0.intoArray(into, to);
    c1.intoArray(into, to + out);
    c2.intoArray(into, to + 2 * out);
    c3.intoArray(into, to + 3 * out);
  }

  /** Tap {@code t} (at {@code offset}) by output channels {@code [o, o + LANES)}, over one image. */
  private static void weightVector(float[] x, int xb, int offset, float[] byPixel, int firstPixel, int out, int o,
                                   float[] into, int t, int[] pixelAt) {
    int to = t * out + o;
    FloatVector acc = FloatVector.fromArray(SPECIES, into, to);
    int row = firstPixel * out + o;
    int base = xb + offset;
    for (int q = 0; q < pixelAt.length; q++, row += out) {
      acc = FloatVector.broadcast(SPECIES, x[base + pixelAt[q]]).fma(FloatVector.fromArray(SPECIES, byPixel, row), acc);
    }
    acc.intoArray(into, to);
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

  /** Output channels {@code [o, o + 8)} at extended pixels {@code [e, e + 2·LANES)}: 16 sums in registers. */
  private static void wideTile(float[] x, int[] offsets, float[] weights, int taps, float[] bias, int o, int e,
                               float[] ext, int extended) {
    FloatVector c00 = start(bias, o);
    FloatVector c01 = c00;
    FloatVector c10 = start(bias, o + 1);
    FloatVector c11 = c10;
    FloatVector c20 = start(bias, o + 2);
    FloatVector c21 = c20;
    FloatVector c30 = start(bias, o + 3);
    FloatVector c31 = c30;
    FloatVector c40 = start(bias, o + 4);
    FloatVector c41 = c40;
    FloatVector c50 = start(bias, o + 5);
    FloatVector c51 = c50;
    FloatVector c60 = start(bias, o + 6);
    FloatVector c61 = c60;
    FloatVector c70 = start(bias, o + 7);
    FloatVector c71 = c70;
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
      FloatVector a4 = FloatVector.broadcast(SPECIES, weights[w + 4 * taps]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(SPECIES, weights[w + 5 * taps]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
      FloatVector a6 = FloatVector.broadcast(SPECIES, weights[w + 6 * taps]);
      c60 = a6.fma(b0, c60);
      c61 = a6.fma(b1, c61);
      FloatVector a7 = FloatVector.broadcast(SPECIES, weights[w + 7 * taps]);
      c70 = a7.fma(b0, c70);
      c71 = a7.fma(b1, c71);
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
    c40.intoArray(ext, to + 4 * extended);
    c41.intoArray(ext, to + 4 * extended + LANES);
    c50.intoArray(ext, to + 5 * extended);
    c51.intoArray(ext, to + 5 * extended + LANES);
    c60.intoArray(ext, to + 6 * extended);
    c61.intoArray(ext, to + 6 * extended + LANES);
    c70.intoArray(ext, to + 7 * extended);
    c71.intoArray(ext, to + 7 * extended + LANES);
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


}
