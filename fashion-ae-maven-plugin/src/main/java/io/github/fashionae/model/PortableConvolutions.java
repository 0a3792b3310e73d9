package io.github.fashionae.model;

import io.github.fashionae.numerics.DirectConvolution;
import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.Kernels;
import io.github.fashionae.numerics.Parallel;
import java.util.Arrays;

/**
 * Convolutions and transposed convolutions of a batch of NCHW images by the portable numerics: every output element
 * and every gradient element is one fixed chain of exactly rounded operations ({@link Gemm}, {@link Kernels}), in
 * DL4J's parameter layouts, stride {@code s} and no padding (DL4J's {@code Truncate} mode).
 *
 * <p>The whole batch goes through one product per pass, channel-major ({@code [channels][batch·pixels]}), so the
 * products are large enough to keep the vector units and {@link Parallel}'s threads busy; the batch's columns are
 * laid side by side, so no sum runs across images except where the formula sums over them, and each element's
 * chain is the same as it would be image by image.
 *
 * <ul>
 *   <li>Convolution, weights [out][in][kh][kw]: {@code Z = W · C + b} where {@code C = [im2col(x_1) … im2col(x_B)]}
 *       ([taps][batch·pixels]); {@code dW = (C · Δ^T)^T}, each element one chain over the examples, then the pixels;
 *       {@code db} the channel sums of δ; {@code dx_b = col2im((W^T · Δ)_b)}.</li>
 *   <li>Transposed convolution, weights [in][out][kh][kw]: {@code z_b = col2im((W^T · X)_b)} onto the biases; {@code
 *       dX = W · D} where {@code D = [im2col(δ_1) … im2col(δ_B)]}; {@code dW = (D · X^T)^T}, one chain over
 *       examples then pixels; {@code db} the channel sums of δ.</li>
 * </ul>
 *
 * <p>These products define every element's chain. Where the shapes allow, {@link DirectConvolution} computes the
 * same chains straight from the images and δ, without the columns or col2im: a stride-1 convolution's forward pass and
 * input gradient, a convolution's weight gradient where its output channels fill vectors, a transposed convolution's
 * gradients where its input channels fill pairs of vectors ({@link #directDeconvolution}). The products run the
 * rest, a chunk of images at a time.
 */
final class PortableConvolutions {

  private PortableConvolutions() {
  }

  /**
   * The shape of one convolution: input channels and size, output channels, kernel and stride.
   *
   * @param in input channels
   * @param height input height
   * @param width input width
   * @param out output channels
   * @param kernelHeight kernel height
   * @param kernelWidth kernel width
   * @param stride the stride, both ways
   */
  record Shape(int in, int height, int width, int out, int kernelHeight, int kernelWidth, int stride) {

    int taps() {
      return in * kernelHeight * kernelWidth;
    }

    /** The convolution's output height. */
    int convHeight() {
      return (height - kernelHeight) / stride + 1;
    }

    int convWidth() {
      return (width - kernelWidth) / stride + 1;
    }

    /** The transposed convolution's output height. */
    int deconvHeight() {
      return stride * (height - 1) + kernelHeight;
    }

    int deconvWidth() {
      return stride * (width - 1) + kernelWidth;
    }
  }

  /**
   * The im2col of every image of the batch side by side, [in·kh·kw][batch · pixels]: column {@code b · pixels + q}
   * holds the inputs of image b's output pixel q.
   */
  static float[] convColumns(float[] x, int batch, Shape s) {
    return convColumns(x, batch, s, new float[s.taps() * batch * s.convHeight() * s.convWidth()]);
  }

  private static float[] convColumns(float[] x, int batch, Shape s, float[] columns) {
    int pixels = s.convHeight() * s.convWidth();
    int n = batch * pixels;
    int image = s.in() * s.height() * s.width();
    perImage(batch, columns.length, b -> Kernels.im2col(x, b * image, s.in(), s.height(), s.width(),
        s.kernelHeight(), s.kernelWidth(), s.stride(), columns, b * pixels, n));
    return columns;
  }

  /** The im2col of images {@code [first, first + count)} side by side into {@code columns}, {@code ld} wide. */
  private static void chunkColumns(float[] x, int first, int count, Shape s, float[] columns, int ld) {
    int pixels = s.convHeight() * s.convWidth();
    int image = s.in() * s.height() * s.width();
    perImage(count, (long) s.taps() * ld, i -> Kernels.im2col(x, (first + i) * image, s.in(), s.height(), s.width(),
        s.kernelHeight(), s.kernelWidth(), s.stride(), columns, i * pixels, ld));
  }

  /**
   * The convolution's pre-activations, [batch][out][convHeight][convWidth]: {@code Z = W · columns + b}, a chunk of
   * images at a time ({@link #chunks}), each chunk's columns and products in buffers that stay in the cache,
   * copied into their images. Each element is the one chain over the taps: the chunks change no bit.
   */
  static float[] convForward(float[] x, int batch, Shape s, float[] weights, float[] bias) {
    return convForward(x, batch, s, weights, bias, new float[batch * s.out() * s.convHeight() * s.convWidth()]);
  }

  /** As {@link #convForward(float[], int, Shape, float[], float[])}, into {@code z}, which it returns. */
  static float[] convForward(float[] x, int batch, Shape s, float[] weights, float[] bias, float[] z) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    if (s.stride() == 1) { // image by image, straight from the image: the same chains, without im2col
      int image = s.in() * s.height() * s.width();
      perImage(batch, (long) batch * s.out() * taps * pixels, b -> DirectConvolution.forward(x, b * image, s.in(),
          s.height(), s.width(), weights, s.out(), s.kernelHeight(), s.kernelWidth(), bias, z, b * s.out() * pixels));
      return z;
    }
    int chunk = chunkImages(batch, pixels);
    float[] columns = Scratch.floats(Scratch.Use.COLUMNS, taps * chunk * pixels);
    float[] products = Scratch.floats(Scratch.Use.PRODUCTS, s.out() * chunk * pixels);
    chunks(batch, pixels, (first, count, width) -> {
      chunkColumns(x, first, count, s, columns, width);
      Gemm.multiply(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(columns, 0, width), products, 0, width, width,
          taps, bias == null ? Gemm.Init.ZERO : Gemm.Init.ROW_BIAS, bias, 0, s.out());
      for (int i = 0; i < count; i++) {
        for (int o = 0; o < s.out(); o++) {
          System.arraycopy(products, o * width + i * pixels, z, ((first + i) * s.out() + o) * pixels, pixels);
        }
      }
    });
    return z;
  }

  /**
   * The convolution's weight gradient, [out][in·kh·kw], from the input x and δ by pixel ({@link #byPixel},
   * [batch · pixels][out]): element (o, t)
   * sums {@code columns[t][n] · δ[o][n]} over {@code n = b · pixels + q} in that order, computed as the transposed
   * product {@code columns · δ^T} (a wider one), a chunk of images at a time (their columns made again from x), each
   * chunk's sums going on from the last's ({@link Gemm.Init#ACCUMULATE}), and transposed back.
   */
  static float[] convWeightGradient(float[] x, float[] byPixel, int batch, Shape s) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    if (DirectConvolution.vectors(s.out())) { // straight from the images where the output channels fill vectors
      return directWeightGradient(x, byPixel, batch, s);
    }
    float[] columns = Scratch.floats(Scratch.Use.COLUMNS, taps * chunkImages(batch, pixels) * pixels);
    float[] transposed = Scratch.floats(Scratch.Use.TRANSPOSED, taps * s.out());
    chunks(batch, pixels, (first, count, width) -> {
      chunkColumns(x, first, count, s, columns, width);
      Gemm.multiply(Gemm.Matrix.of(columns, 0, width), new Gemm.Matrix(byPixel, first * pixels * s.out(), s.out(),
          false), transposed, 0, s.out(), s.out(), width, first == 0 ? Gemm.Init.ZERO : Gemm.Init.ACCUMULATE, null, 0,
          taps);
    });
    float[] gradient = new float[s.out() * taps];
    Kernels.transpose(transposed, 0, taps, s.out(), gradient, 0);
    return gradient;
  }

  /**
   * The convolution's input gradient, [batch][in][height][width], from δ [batch][out][pixels]: the columns
   * {@code W^T · D} ({@code D} δ by channel, [out][batch · pixels]) folded back by col2im, a chunk of images at a time
   * ({@link #inChunks}).
   */
  static float[] convInputGradient(float[] delta, int batch, Shape s, float[] weights) {
    return convInputGradient(delta, batch, s, weights, new float[batch * s.in() * s.height() * s.width()]);
  }

  /** As {@link #convInputGradient(float[], int, Shape, float[])}, into {@code dx}, which it returns. */
  static float[] convInputGradient(float[] delta, int batch, Shape s, float[] weights, float[] dx) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    if (s.stride() == 1) { // image by image, straight from δ: the same chains and additions, without the columns
      int image = s.in() * s.height() * s.width();
      perImage(batch, (long) batch * s.out() * taps * pixels, b -> DirectConvolution.inputGradient(delta,
          b * s.out() * pixels, s.out(), s.in(), s.height(), s.width(), s.kernelHeight(), s.kernelWidth(), weights,
          dx, b * image));
      return dx;
    }
    float[] weightsT = new float[taps * s.out()];
    Kernels.transpose(weights, 0, s.out(), taps, weightsT, 0);
    int image = s.in() * s.height() * s.width();
    Arrays.fill(dx, 0, batch * image, 0f); // col2im adds into it
    inChunks(weightsT, taps, s.out(), channelMajor(delta, batch, s.out(), pixels,
        Scratch.floats(Scratch.Use.BY_CHANNEL, delta.length)), batch, pixels,
        (columns, offset, ld, b) -> Kernels.col2im(columns, offset, s.in(), s.height(), s.width(), s.kernelHeight(),
            s.kernelWidth(), s.stride(), dx, b * image, ld));
    return dx;
  }

  /** What is done with one image's columns: {@code columns} from {@code offset}, {@code ld} apart, of image b. */
  @FunctionalInterface
  private interface Fold {
    void image(float[] columns, int offset, int ld, int b);
  }

  /**
   * The columns {@code A · B} (A [taps][k]; B [k][batch · perImage], column {@code b · perImage + q} image b's), a
   * chunk of images at a time ({@link #chunks}) into one buffer that stays in the cache, each image's
   * columns then handed to {@code fold}: instead of the whole batch's columns (megabytes) at once. Each column element
   * is the same chain over k whatever the chunk, and each image is folded as before: the chunks change no bit.
   */
  private static void inChunks(float[] a, int taps, int k, float[] b, int batch, int perImage, Fold fold) {
    int n = batch * perImage;
    float[] columns = Scratch.floats(Scratch.Use.COLUMNS, taps * chunkImages(batch, perImage) * perImage);
    chunks(batch, perImage, (first, count, width) -> {
      Gemm.multiply(Gemm.Matrix.of(a, 0, k), new Gemm.Matrix(b, first * perImage, n, false), columns, 0, width, width,
          k, Gemm.Init.ZERO, null, 0, taps);
      perImage(count, (long) taps * width, i -> fold.image(columns, i * perImage, width, first + i));
    });
  }

  /** One chunk of a batch: the images {@code [first, first + count)}, {@code width} = count × their columns each. */
  @FunctionalInterface
  private interface Chunk {
    void run(int first, int count, int width);
  }

  /** Runs {@code body} for each chunk of the batch ({@link #chunkImages} images, the last fewer), in order. */
  private static void chunks(int batch, int perImage, Chunk body) {
    int chunk = chunkImages(batch, perImage);
    for (int first = 0; first < batch; first += chunk) {
      int count = Math.min(chunk, batch - first);
      body.run(first, count, count * perImage);
    }
  }

  /** The images of a chunk of the batch ({@link #imagesPerChunk}, at most the batch): what its buffers hold. */
  private static int chunkImages(int batch, int perImage) {
    return Math.min(batch, imagesPerChunk(perImage));
  }

  /**
   * How many images' columns one product of a chunk ({@link #chunks}) takes: a width (images × pixels) that is a whole
   * number of vectors where the pixels allow it (no scalar tail), and at least {@value #MIN_CHUNK_WIDTH} columns.
   */
  static int imagesPerChunk(int pixels) {
    int lanes = Gemm.lanes();
    int chunk = lanes / gcd(pixels, lanes);
    while ((long) chunk * pixels < MIN_CHUNK_WIDTH) {
      chunk *= 2;
    }
    return chunk;
  }

  /** The narrowest product of a chunk, in columns. */
  private static final int MIN_CHUNK_WIDTH = 1024;

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The transposed convolution's pre-activations, [batch][out][deconvHeight][deconvWidth]: the bias, then the columns
   * {@code W^T · X} ({@code X} x by channel) added by col2im, a chunk of images at a time ({@link #inChunks}).
   */
  static float[] deconvForward(float[] x, int batch, Shape s, float[] weights, float[] bias) {
    return deconvForward(x, batch, s, weights, bias, new float[batch * s.out() * s.deconvHeight() * s.deconvWidth()]);
  }

  /** As {@link #deconvForward(float[], int, Shape, float[], float[])}, into {@code z}, which it returns. */
  static float[] deconvForward(float[] x, int batch, Shape s, float[] weights, float[] bias, float[] z) {
    int inPixels = s.height() * s.width();
    int outHeight = s.deconvHeight();
    int outWidth = s.deconvWidth();
    int outPixels = outHeight * outWidth;
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] weightsT = new float[taps * s.in()];
    Kernels.transpose(weights, 0, s.in(), taps, weightsT, 0);
    inChunks(weightsT, taps, s.in(), channelMajor(x, batch, s.in(), inPixels,
        Scratch.floats(Scratch.Use.BY_CHANNEL, x.length)), batch, inPixels,
        (columns, offset, ld, b) -> {
          int image = b * s.out() * outPixels;
          for (int o = 0; o < s.out(); o++) { // the bias (or zero), then col2im adds into it
            Arrays.fill(z, image + o * outPixels, image + (o + 1) * outPixels, bias == null ? 0f : bias[o]);
          }
          Kernels.col2im(columns, offset, s.out(), outHeight, outWidth, s.kernelHeight(), s.kernelWidth(), s.stride(),
              z, image, ld);
        });
    return z;
  }

  /**
   * The im2col of δ [batch][out][deconvHeight][deconvWidth] side by side, [out·kh·kw][batch · inPixels]: what both
   * of the transposed convolution's gradients multiply. In this thread's work array for them ({@link
   * Scratch.Use#DELTA_COLUMNS}), valid until the next call here.
   */
  static float[] deconvDeltaColumns(float[] delta, int batch, Shape s) {
    Shape shape = deltaShape(s);
    return convColumns(delta, batch, shape, Scratch.floats(Scratch.Use.DELTA_COLUMNS,
        shape.taps() * batch * shape.convHeight() * shape.convWidth()));
  }

  /**
   * A transposed convolution's δ seen as the input of a convolution ({@code out} channels of the transposed one's
   * output size, its kernel and stride, {@code in} outputs): whose columns both of its gradients multiply.
   */
  private static Shape deltaShape(Shape s) {
    return new Shape(s.out(), s.deconvHeight(), s.deconvWidth(), s.in(), s.kernelHeight(), s.kernelWidth(),
        s.stride());
  }

  /**
   * Whether a transposed convolution's gradients run straight from δ ({@link #deconvInputGradientDirect}, {@link
   * #deconvWeightGradientDirect}) instead of through δ's columns: where its input channels fill pairs of vectors.
   */
  static boolean directDeconvolution(Shape s) {
    return DirectConvolution.pairs(s.in());
  }

  /**
   * The transposed convolution's input gradient straight from δ ({@link #directDeconvolution}): each image's {@code
   * W · im2col(δ)} by pixel ({@link DirectConvolution#forwardByPixel}, the same chains over the taps), transposed
   * into {@code dx}, which it returns.
   */
  static float[] deconvInputGradientDirect(float[] delta, int batch, Shape s, float[] weights, float[] dx) {
    int inPixels = s.height() * s.width();
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    int outImage = s.out() * s.deconvHeight() * s.deconvWidth();
    float[] weightsT = new float[taps * s.in()];
    Kernels.transpose(weights, 0, s.in(), taps, weightsT, 0);
    float[] byPixel = Scratch.floats(Scratch.Use.BY_PIXEL, batch * inPixels * s.in());
    int image = s.in() * inPixels;
    perImage(batch, (long) batch * s.in() * taps * inPixels, b -> {
      DirectConvolution.forwardByPixel(delta, b * outImage, s.out(), s.deconvHeight(), s.deconvWidth(),
          s.kernelHeight(), s.kernelWidth(), s.stride(), weightsT, s.in(), byPixel, b * image);
      Kernels.transpose(byPixel, b * image, inPixels, s.in(), dx, b * image);
    });
    return dx;
  }

  /**
   * The transposed convolution's weight gradient straight from δ ({@link #directDeconvolution}), [in][out·kh·kw]:
   * element (c, t) the chain of {@link #deconvWeightGradient}, {@code x[c][n] · im2col(δ)[t][n]} over {@code n = b ·
   * inPixels + q} in that order ({@link DirectConvolution#weightGradient} with δ as the images), transposed back.
   */
  static float[] deconvWeightGradientDirect(float[] x, float[] delta, int batch, Shape s) {
    float[] byPixel = pixelMajor(x, batch, s.in(), s.height() * s.width(), Scratch.floats(Scratch.Use.BY_PIXEL,
        x.length));
    return directWeightGradient(delta, byPixel, batch, deltaShape(s));
  }

  /**
   * The weight gradient of convolution {@code conv} of {@code images} straight from them ({@link
   * DirectConvolution#weightGradient}; the threads share the taps), [conv.out][conv.taps], from its δ by pixel
   * ([batch · pixels][conv.out]): a convolution's (of x), or a transposed convolution's (of δ, {@link #deltaShape}, x
   * by pixel in the place of δ).
   */
  private static float[] directWeightGradient(float[] images, float[] byPixel, int batch, Shape conv) {
    int taps = conv.taps();
    float[] transposed = Scratch.floats(Scratch.Use.TRANSPOSED, taps * conv.out());
    int parts = Parallel.parts((long) taps * conv.out() * batch * conv.convHeight() * conv.convWidth());
    Parallel.run(parts, part -> DirectConvolution.weightGradient(images, batch, conv.in(), conv.height(),
        conv.width(), conv.kernelHeight(), conv.kernelWidth(), conv.stride(), byPixel, conv.out(), transposed,
        Parallel.start(part, parts, taps, 4), Parallel.start(part + 1, parts, taps, 4)));
    float[] gradient = new float[conv.out() * taps];
    Kernels.transpose(transposed, 0, taps, conv.out(), gradient, 0);
    return gradient;
  }

  /**
   * The transposed convolution's input gradient, [batch][in][height][width]: {@code W · im2col(δ)}, into {@code dx},
   * which it returns.
   */
  static float[] deconvInputGradient(float[] deltaColumns, int batch, Shape s, float[] weights, float[] dx) {
    int inPixels = s.height() * s.width();
    int n = batch * inPixels;
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] byChannel = Scratch.floats(Scratch.Use.BY_CHANNEL, s.in() * n);
    Gemm.multiply(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(deltaColumns, 0, n), byChannel, 0, n, n, taps,
        Gemm.Init.ZERO, null, 0, s.in());
    return batchMajor(byChannel, batch, s.in(), inPixels, dx);
  }

  /**
   * The transposed convolution's weight gradient, [in][out·kh·kw]: element (c, t) sums {@code x[c][n] ·
   * im2col(δ)[t][n]} over {@code n = b · inPixels + q} in that order, computed as the transposed product
   * {@code im2col(δ) · x^T} and transposed back.
   */
  static float[] deconvWeightGradient(float[] x, float[] deltaColumns, int batch, Shape s) {
    int inPixels = s.height() * s.width();
    int n = batch * inPixels;
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] transposed = Scratch.floats(Scratch.Use.TRANSPOSED, taps * s.in());
    Gemm.multiply(Gemm.Matrix.of(deltaColumns, 0, n), Gemm.Matrix.of(pixelMajor(x, batch, s.in(), inPixels,
        Scratch.floats(Scratch.Use.BY_PIXEL, x.length)), 0, s.in()), transposed, 0, s.in(), s.in(), n, Gemm.Init.ZERO,
        null, 0, taps);
    float[] gradient = new float[s.in() * taps];
    Kernels.transpose(transposed, 0, taps, s.in(), gradient, 0);
    return gradient;
  }

  /**
   * δ [batch][out][pixels] by pixel, [batch · pixels][out] ({@link #pixelMajor}), in this thread's work array for it
   * ({@link Scratch.Use#BY_PIXEL}): what a convolution's weight and bias gradients read.
   */
  static float[] byPixel(float[] delta, int batch, int channels, int pixels) {
    return pixelMajor(delta, batch, channels, pixels, Scratch.floats(Scratch.Use.BY_PIXEL, batch * channels * pixels));
  }

  /**
   * The bias gradient from δ by pixel ({@link #byPixel}): each channel's sum over the examples, then the pixels, the
   * same chain as {@link #biasGradient}'s.
   */
  static float[] biasGradientByPixel(float[] byPixel, int batch, int channels, int pixels) {
    float[] gradient = new float[channels];
    Kernels.columnSums(byPixel, 0, batch * pixels, channels, gradient, 0);
    return gradient;
  }

  /** The bias gradient: each channel's sum over the examples, then the pixels. */
  static float[] biasGradient(float[] delta, int batch, int channels, int pixels) {
    float[] gradient = new float[channels];
    Kernels.channelSums(delta, batch, channels, pixels, gradient);
    return gradient;
  }

  /**
   * Runs {@code body} for each image of the batch, the images shared out over the threads where the whole batch's
   * {@code work} (multiply-adds) is worth it ({@link Parallel#parts}).
   */
  private static void perImage(int batch, long work, java.util.function.IntConsumer body) {
    int parts = Parallel.parts(work);
    Parallel.run(parts, part -> {
      for (int b = Parallel.start(part, parts, batch, 1); b < Parallel.start(part + 1, parts, batch, 1); b++) {
        body.accept(b);
      }
    });
  }

  /** [batch][channels][pixels] as [channels][batch · pixels]: exact copies. */
  static float[] channelMajor(float[] values, int batch, int channels, int pixels) {
    return channelMajor(values, batch, channels, pixels, new float[batch * channels * pixels]);
  }

  /** As {@link #channelMajor(float[], int, int, int)}, into {@code out}, which it returns. */
  static float[] channelMajor(float[] values, int batch, int channels, int pixels, float[] out) {
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(values, (b * channels + c) * pixels, out, (c * batch + b) * pixels, pixels);
      }
    }
    return out;
  }

  /**
   * [channels][batch · pixels] as [batch][channels][pixels], into {@code out}: exact copies (the inverse of
   * channelMajor).
   */
  static float[] batchMajor(float[] values, int batch, int channels, int pixels, float[] out) {
    return channelMajor(values, channels, batch, pixels, out); // the same swap of the two outer dimensions
  }

  /** [batch][channels][pixels] as [batch · pixels][channels]: exact copies. */
  static float[] pixelMajor(float[] values, int batch, int channels, int pixels) {
    return pixelMajor(values, batch, channels, pixels, new float[batch * channels * pixels]);
  }

  /** As {@link #pixelMajor(float[], int, int, int)}, into {@code out}, which it returns: each image transposed. */
  static float[] pixelMajor(float[] values, int batch, int channels, int pixels, float[] out) {
    int image = channels * pixels;
    for (int b = 0; b < batch; b++) {
      Kernels.transpose(values, b * image, channels, pixels, out, b * image);
    }
    return out;
  }
}
