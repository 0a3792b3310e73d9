package io.github.fashionae.model;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.Kernels;
import java.util.Arrays;

/**
 * Convolutions and transposed convolutions of a batch of NCHW images by the portable numerics: every output element
 * and every gradient element is one fixed chain of exactly rounded operations ({@link Gemm}, {@link Kernels}), in
 * DL4J's parameter layouts, stride {@code s} and no padding (DL4J's {@code Truncate} mode).
 *
 * <ul>
 *   <li>Convolution, weights [out][in][kh][kw]: {@code z_b = W · im2col(x_b) + b} per image; {@code dW = Σ_b δ_b ·
 *       im2row(x_b)} as one product whose reduction runs over the examples, then the pixels; {@code db} the channel
 *       sums of δ; {@code dx_b = col2im(W^T · δ_b)}.</li>
 *   <li>Transposed convolution, weights [in][out][kh][kw]: {@code z_b = col2im(W^T · x_b)} onto the biases; {@code
 *       dx_b = W · im2col(δ_b)}; {@code dW = Σ_b x_b · im2row(δ_b)}, one product over examples then pixels; {@code db}
 *       the channel sums of δ.</li>
 * </ul>
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

  /** The convolution's pre-activations, [batch][out][convHeight][convWidth]. */
  static float[] convForward(float[] x, int batch, Shape s, float[] weights, float[] bias) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    float[] z = new float[batch * s.out() * pixels];
    float[] columns = new float[taps * pixels];
    for (int b = 0; b < batch; b++) {
      Kernels.im2col(x, b * s.in() * s.height() * s.width(), s.in(), s.height(), s.width(), s.kernelHeight(),
          s.kernelWidth(), s.stride(), columns, 0);
      Gemm.multiply(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(columns, 0, pixels), z, b * s.out() * pixels,
          pixels, pixels, taps, bias == null ? Gemm.Init.ZERO : Gemm.Init.ROW_BIAS, bias, 0, s.out());
    }
    return z;
  }

  /** The convolution's weight gradient, [out][in·kh·kw], from δ [batch][out][pixels] and the input. */
  static float[] convWeightGradient(float[] x, float[] delta, int batch, Shape s) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    float[] rows = new float[batch * pixels * taps];
    for (int b = 0; b < batch; b++) {
      Kernels.im2row(x, b * s.in() * s.height() * s.width(), s.in(), s.height(), s.width(), s.kernelHeight(),
          s.kernelWidth(), s.stride(), rows, b * pixels * taps);
    }
    float[] gradient = new float[s.out() * taps];
    Gemm.multiply(Gemm.Matrix.of(channelMajor(delta, batch, s.out(), pixels), 0, batch * pixels),
        Gemm.Matrix.of(rows, 0, taps), gradient, 0, taps, taps, batch * pixels, Gemm.Init.ZERO, null, 0, s.out());
    return gradient;
  }

  /** The convolution's input gradient, [batch][in][height][width], from δ [batch][out][pixels]. */
  static float[] convInputGradient(float[] delta, int batch, Shape s, float[] weights) {
    int pixels = s.convHeight() * s.convWidth();
    int taps = s.taps();
    float[] weightsT = new float[taps * s.out()];
    Kernels.transpose(weights, 0, s.out(), taps, weightsT, 0);
    float[] columns = new float[taps * pixels];
    float[] dx = new float[batch * s.in() * s.height() * s.width()];
    for (int b = 0; b < batch; b++) {
      Gemm.multiply(Gemm.Matrix.of(weightsT, 0, s.out()), Gemm.Matrix.of(delta, b * s.out() * pixels, pixels),
          columns, 0, pixels, pixels, s.out(), Gemm.Init.ZERO, null, 0, taps);
      Kernels.col2im(columns, 0, s.in(), s.height(), s.width(), s.kernelHeight(), s.kernelWidth(), s.stride(), dx,
          b * s.in() * s.height() * s.width());
    }
    return dx;
  }

  /** The transposed convolution's pre-activations, [batch][out][deconvHeight][deconvWidth]. */
  static float[] deconvForward(float[] x, int batch, Shape s, float[] weights, float[] bias) {
    int inPixels = s.height() * s.width();
    int outHeight = s.deconvHeight();
    int outWidth = s.deconvWidth();
    int outPixels = outHeight * outWidth;
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] weightsT = new float[taps * s.in()];
    Kernels.transpose(weights, 0, s.in(), taps, weightsT, 0);
    float[] columns = new float[taps * inPixels];
    float[] z = new float[batch * s.out() * outPixels];
    for (int b = 0; b < batch; b++) {
      int image = b * s.out() * outPixels;
      if (bias != null) {
        for (int o = 0; o < s.out(); o++) {
          Arrays.fill(z, image + o * outPixels, image + (o + 1) * outPixels, bias[o]);
        }
      }
      Gemm.multiply(Gemm.Matrix.of(weightsT, 0, s.in()), Gemm.Matrix.of(x, b * s.in() * inPixels, inPixels), columns,
          0, inPixels, inPixels, s.in(), Gemm.Init.ZERO, null, 0, taps);
      Kernels.col2im(columns, 0, s.out(), outHeight, outWidth, s.kernelHeight(), s.kernelWidth(), s.stride(), z,
          image);
    }
    return z;
  }

  /** The transposed convolution's input gradient, [batch][in][height][width], from δ [batch][out][outPixels]. */
  static float[] deconvInputGradient(float[] delta, int batch, Shape s, float[] weights) {
    int inPixels = s.height() * s.width();
    int outHeight = s.deconvHeight();
    int outWidth = s.deconvWidth();
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] columns = new float[taps * inPixels];
    float[] dx = new float[batch * s.in() * inPixels];
    for (int b = 0; b < batch; b++) {
      Kernels.im2col(delta, b * s.out() * outHeight * outWidth, s.out(), outHeight, outWidth, s.kernelHeight(),
          s.kernelWidth(), s.stride(), columns, 0);
      Gemm.multiply(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(columns, 0, inPixels), dx, b * s.in() * inPixels,
          inPixels, inPixels, taps, Gemm.Init.ZERO, null, 0, s.in());
    }
    return dx;
  }

  /** The transposed convolution's weight gradient, [in][out·kh·kw], from the input and δ. */
  static float[] deconvWeightGradient(float[] x, float[] delta, int batch, Shape s) {
    int inPixels = s.height() * s.width();
    int outHeight = s.deconvHeight();
    int outWidth = s.deconvWidth();
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] rows = new float[batch * inPixels * taps];
    for (int b = 0; b < batch; b++) {
      Kernels.im2row(delta, b * s.out() * outHeight * outWidth, s.out(), outHeight, outWidth, s.kernelHeight(),
          s.kernelWidth(), s.stride(), rows, b * inPixels * taps);
    }
    float[] gradient = new float[s.in() * taps];
    Gemm.multiply(Gemm.Matrix.of(channelMajor(x, batch, s.in(), inPixels), 0, batch * inPixels),
        Gemm.Matrix.of(rows, 0, taps), gradient, 0, taps, taps, batch * inPixels, Gemm.Init.ZERO, null, 0, s.in());
    return gradient;
  }

  /** The bias gradient: each channel's sum over the examples, then the pixels. */
  static float[] biasGradient(float[] delta, int batch, int channels, int pixels) {
    float[] gradient = new float[channels];
    Kernels.channelSums(delta, batch, channels, pixels, gradient);
    return gradient;
  }

  /** [batch][channels][pixels] as [channels][batch · pixels]: exact copies. */
  private static float[] channelMajor(float[] values, int batch, int channels, int pixels) {
    float[] out = new float[values.length];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(values, (b * channels + c) * pixels, out, (c * batch + b) * pixels, pixels);
      }
    }
    return out;
  }
}
