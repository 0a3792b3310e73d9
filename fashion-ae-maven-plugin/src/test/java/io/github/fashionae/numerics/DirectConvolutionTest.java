package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The convolution straight from the image against the product of the weights and im2col's columns, bit for bit. */
class DirectConvolutionTest {

  @Test
  void eachOutputIsTheProductsChainOverIm2colsRows() {
    // {channels, height, width, out, kernelHeight, kernelWidth}: the study's two convolutions, then shapes whose
    // extended output ends in a partial vector or pair, output channels not a whole tile, non-square kernels
    int[][] shapes = {{16, 13, 13, 32, 3, 3}, {1, 28, 28, 16, 3, 3}, {3, 7, 9, 5, 2, 3}, {2, 5, 5, 1, 5, 5},
        {4, 11, 6, 7, 3, 1}, {1, 40, 40, 6, 3, 3}};
    for (int[] shape : shapes) {
      int channels = shape[0];
      int height = shape[1];
      int width = shape[2];
      int out = shape[3];
      int kernelHeight = shape[4];
      int kernelWidth = shape[5];
      int outHeight = height - kernelHeight + 1;
      int outWidth = width - kernelWidth + 1;
      int pixels = outHeight * outWidth;
      int taps = channels * kernelHeight * kernelWidth;
      int image = channels * height * width;
      float[] weights = withEdges(KernelDigest.values(11, out * taps));
      float[] bias = KernelDigest.values(12, out);
      int batch = 3; // the last image ends the array: no room for a vector past it
      float[] x = withEdges(KernelDigest.values(13, batch * image));
      for (float[] b : new float[][] {bias, null}) {
        float[] z = new float[batch * out * pixels + 2];
        for (int i = 0; i < batch; i++) {
          DirectConvolution.forward(x, i * image, channels, height, width, weights, out, kernelHeight, kernelWidth, b,
              z, 1 + i * out * pixels);
        }
        for (int i = 0; i < batch; i++) {
          float[] columns = new float[taps * pixels];
          Kernels.im2col(x, i * image, channels, height, width, kernelHeight, kernelWidth, 1, columns, 0);
          float[] product = new float[out * pixels];
          Gemm.scalar(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(columns, 0, pixels), product, 0, pixels, pixels,
              taps, b == null ? Gemm.Init.ZERO : Gemm.Init.ROW_BIAS, b, 0, out);
          for (int j = 0; j < product.length; j++) {
            assertThat(Float.floatToIntBits(z[1 + i * out * pixels + j])).as("shape %s, image %d, element %d, bias %s",
                java.util.Arrays.toString(shape), i, j, b != null).isEqualTo(Float.floatToIntBits(product[j]));
          }
        }
        assertThat(z[0]).isZero();
        assertThat(z[z.length - 1]).isZero();
      }
    }
  }

  @Test
  void eachInputGradientIsCol2imOfTheProductsColumns() {
    // {channels, height, width, out, kernelHeight, kernelWidth}: the study's second convolution, then input channels
    // not a whole tile, planes not a whole number of pairs of vectors, planes narrower than a pair (the scalar path)
    int[][] shapes = {{16, 13, 13, 32, 3, 3}, {6, 9, 7, 5, 2, 3}, {5, 12, 12, 3, 3, 3}, {2, 4, 4, 3, 3, 3},
        {1, 28, 28, 16, 3, 3}};
    for (int[] shape : shapes) {
      int channels = shape[0];
      int height = shape[1];
      int width = shape[2];
      int out = shape[3];
      int kernelHeight = shape[4];
      int kernelWidth = shape[5];
      int outHeight = height - kernelHeight + 1;
      int outWidth = width - kernelWidth + 1;
      int pixels = outHeight * outWidth;
      int taps = channels * kernelHeight * kernelWidth;
      int image = channels * height * width;
      float[] weights = withEdges(KernelDigest.values(21, out * taps));
      int batch = 3;
      float[] delta = withEdges(KernelDigest.values(22, batch * out * pixels));
      float[] dx = KernelDigest.values(23, batch * image + 2); // overwritten, whatever it held
      float[] edges = {dx[0], dx[dx.length - 1]};
      for (int i = 0; i < batch; i++) {
        DirectConvolution.inputGradient(delta, i * out * pixels, out, channels, height, width, kernelHeight,
            kernelWidth, weights, dx, 1 + i * image);
      }
      float[] weightsT = new float[taps * out];
      Kernels.transpose(weights, 0, out, taps, weightsT, 0);
      for (int i = 0; i < batch; i++) {
        float[] columns = new float[taps * pixels];
        float[] byChannel = java.util.Arrays.copyOfRange(delta, i * out * pixels, (i + 1) * out * pixels);
        Gemm.scalar(Gemm.Matrix.of(weightsT, 0, out), Gemm.Matrix.of(byChannel, 0, pixels), columns, 0, pixels, pixels,
            out, Gemm.Init.ZERO, null, 0, taps);
        float[] expected = new float[image];
        Kernels.col2im(columns, 0, channels, height, width, kernelHeight, kernelWidth, 1, expected, 0);
        for (int j = 0; j < image; j++) {
          assertThat(Float.floatToIntBits(dx[1 + i * image + j])).as("shape %s, image %d, pixel %d",
              java.util.Arrays.toString(shape), i, j).isEqualTo(Float.floatToIntBits(expected[j]));
        }
      }
      assertThat(new float[] {dx[0], dx[dx.length - 1]}).containsExactly(edges);
    }
  }

  @Test
  void eachWeightGradientIsTheProductsChainOverTheBatchsColumns() {
    // {channels, height, width, out, kernelHeight, kernelWidth, stride}: the study's two convolutions, the first
    // transposed convolution's δ (16 channels of 13x13, 5x5 taps, stride 2, 32 input channels), then taps not a whole
    // tile, output channels not a whole vector or pair, a non-square kernel
    int[][] shapes = {{16, 13, 13, 32, 3, 3, 1}, {1, 28, 28, 16, 3, 3, 1}, {16, 13, 13, 32, 5, 5, 2},
        {3, 7, 9, 5, 2, 3, 1}, {2, 6, 6, 40, 3, 3, 1}, {1, 5, 5, 24, 2, 2, 1}, {3, 9, 8, 32, 3, 2, 2}};
    for (int[] shape : shapes) {
      int channels = shape[0];
      int height = shape[1];
      int width = shape[2];
      int out = shape[3];
      int kernelHeight = shape[4];
      int kernelWidth = shape[5];
      int stride = shape[6];
      int pixels = ((height - kernelHeight) / stride + 1) * ((width - kernelWidth) / stride + 1);
      int taps = channels * kernelHeight * kernelWidth;
      int image = channels * height * width;
      int batch = 3;
      float[] x = withEdges(KernelDigest.values(31, batch * image));
      float[] byPixel = withEdges(KernelDigest.values(32, batch * pixels * out));
      float[] gradient = KernelDigest.values(33, taps * out); // overwritten, whatever it held
      int split = taps / 2; // two calls, as two threads share the taps
      DirectConvolution.weightGradient(x, batch, channels, height, width, kernelHeight, kernelWidth, stride, byPixel,
          out, gradient, 0, split);
      DirectConvolution.weightGradient(x, batch, channels, height, width, kernelHeight, kernelWidth, stride, byPixel,
          out, gradient, split, taps);
      int n = batch * pixels;
      float[] columns = new float[taps * n];
      for (int i = 0; i < batch; i++) {
        Kernels.im2col(x, i * image, channels, height, width, kernelHeight, kernelWidth, stride, columns, i * pixels,
            n);
      }
      float[] expected = new float[taps * out];
      Gemm.scalar(Gemm.Matrix.of(columns, 0, n), Gemm.Matrix.of(byPixel, 0, out), expected, 0, out, out, n,
          Gemm.Init.ZERO, null, 0, taps);
      for (int j = 0; j < expected.length; j++) {
        assertThat(Float.floatToIntBits(gradient[j])).as("shape %s, element %d", java.util.Arrays.toString(shape), j)
            .isEqualTo(Float.floatToIntBits(expected[j]));
      }
    }
  }

  @Test
  void eachOutputByPixelIsTheProductsChainOverTheColumns() {
    // {channels, height, width, out, kernelHeight, kernelWidth, stride}: the first transposed convolution's input
    // gradient (its δ: 16 channels of 13x13, 5x5 taps, stride 2, 32 input channels), the study's second convolution,
    // pixels not a whole tile, and an output narrower than a pair of vectors (the scalar path)
    int[][] shapes = {{16, 13, 13, 32, 5, 5, 2}, {16, 13, 13, 32, 3, 3, 1}, {3, 9, 8, 64, 3, 2, 2},
        {2, 6, 6, 5, 3, 3, 1}};
    for (int[] shape : shapes) {
      int channels = shape[0];
      int height = shape[1];
      int width = shape[2];
      int out = shape[3];
      int kernelHeight = shape[4];
      int kernelWidth = shape[5];
      int stride = shape[6];
      int pixels = ((height - kernelHeight) / stride + 1) * ((width - kernelWidth) / stride + 1);
      int taps = channels * kernelHeight * kernelWidth;
      int image = channels * height * width;
      float[] x = withEdges(KernelDigest.values(41, 2 * image));
      float[] matrix = withEdges(KernelDigest.values(42, taps * out));
      float[] into = KernelDigest.values(43, pixels * out + 2); // overwritten between its first and last value
      float[] edges = {into[0], into[into.length - 1]};
      DirectConvolution.forwardByPixel(x, image, channels, height, width, kernelHeight, kernelWidth, stride, matrix,
          out, into, 1);
      float[] columns = new float[taps * pixels];
      Kernels.im2col(x, image, channels, height, width, kernelHeight, kernelWidth, stride, columns, 0);
      float[] expected = new float[out * pixels];
      Gemm.scalar(Gemm.Matrix.transposed(matrix, 0, out), Gemm.Matrix.of(columns, 0, pixels), expected, 0, pixels,
          pixels, taps, Gemm.Init.ZERO, null, 0, out);
      for (int q = 0; q < pixels; q++) {
        for (int j = 0; j < out; j++) {
          assertThat(Float.floatToIntBits(into[1 + q * out + j])).as("shape %s, pixel %d, lane %d",
              java.util.Arrays.toString(shape), q, j).isEqualTo(Float.floatToIntBits(expected[j * pixels + q]));
        }
      }
      assertThat(new float[] {into[0], into[into.length - 1]}).containsExactly(edges);
    }
  }

  /** Some values replaced by signed zeros, infinities and subnormals (NaN would hide every other difference). */
  private static float[] withEdges(float[] values) {
    float[] edges = {0f, -0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 1e30f, -1e30f};
    for (int i = 0; i < values.length; i += 97) {
      values[i] = edges[i / 97 % edges.length];
    }
    return values;
  }
}
