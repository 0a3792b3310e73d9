package io.github.fashionae.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PortableConvolutionsTest {

  private static float[] random(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[size];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }

  /** The two arrays hold the same floats, bit for bit; else the first that differs is named (quickly). */
  private static void sameBits(float[] actual, float[] expected, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int i = 0; i < actual.length; i++) {
      if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        throw new AssertionError(what + ": element " + i + " of " + actual.length + " is " + actual[i] + ", expected "
            + expected[i]);
      }
    }
  }

  /** The input gradient as one product for the whole batch, then col2im: what the chunks must give bit for bit. */
  private static float[] wholeBatch(float[] delta, int batch, PortableConvolutions.Shape s, float[] weights) {
    int pixels = s.convHeight() * s.convWidth();
    int n = batch * pixels;
    int taps = s.taps();
    float[] weightsT = new float[taps * s.out()];
    Kernels.transpose(weights, 0, s.out(), taps, weightsT, 0);
    float[] columns = new float[taps * n];
    Gemm.multiply(Gemm.Matrix.of(weightsT, 0, s.out()), Gemm.Matrix.of(
        PortableConvolutions.channelMajor(delta, batch, s.out(), pixels), 0, n), columns, 0, n, n, s.out(),
        Gemm.Init.ZERO, null, 0, taps);
    int image = s.in() * s.height() * s.width();
    float[] dx = new float[batch * image];
    for (int b = 0; b < batch; b++) {
      Kernels.col2im(columns, b * pixels, s.in(), s.height(), s.width(), s.kernelHeight(), s.kernelWidth(),
          s.stride(), dx, b * image, n);
    }
    return dx;
  }

  @Test
  void theInputGradientInChunksOfImagesIsTheWholeBatchsBitForBit() {
    // the study's two convolutions: 16 -> 32 channels on 13x13 (121 output pixels), 1 -> 16 on 28x28 (676)
    PortableConvolutions.Shape conv2 = new PortableConvolutions.Shape(16, 13, 13, 32, 3, 3, 1);
    PortableConvolutions.Shape conv1 = new PortableConvolutions.Shape(1, 28, 28, 16, 3, 3, 1);
    for (PortableConvolutions.Shape s : new PortableConvolutions.Shape[] {conv2, conv1}) {
      int pixels = s.convHeight() * s.convWidth();
      assertThat((long) PortableConvolutions.imagesPerChunk(pixels) * pixels).isGreaterThanOrEqualTo(1024);
      float[] weights = random(1, s.out() * s.taps());
      for (int batch : new int[] {1, 3, 17, 50, 100}) {
        float[] delta = random(batch, batch * s.out() * pixels);
        sameBits(PortableConvolutions.convInputGradient(delta, batch, s, weights), wholeBatch(delta, batch, s, weights),
            "input gradient, batch " + batch + ", " + pixels + " pixels");
      }
    }
  }

  /** The transposed convolution's forward pass as one product for the whole batch, then the bias and col2im. */
  private static float[] wholeBatchDeconv(float[] x, int batch, PortableConvolutions.Shape s, float[] weights,
                                          float[] bias) {
    int inPixels = s.height() * s.width();
    int n = batch * inPixels;
    int outPixels = s.deconvHeight() * s.deconvWidth();
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] weightsT = new float[taps * s.in()];
    Kernels.transpose(weights, 0, s.in(), taps, weightsT, 0);
    float[] columns = new float[taps * n];
    Gemm.multiply(Gemm.Matrix.of(weightsT, 0, s.in()), Gemm.Matrix.of(
        PortableConvolutions.channelMajor(x, batch, s.in(), inPixels), 0, n), columns, 0, n, n, s.in(),
        Gemm.Init.ZERO, null, 0, taps);
    float[] z = new float[batch * s.out() * outPixels];
    for (int b = 0; b < batch; b++) {
      int image = b * s.out() * outPixels;
      for (int o = 0; o < s.out(); o++) {
        java.util.Arrays.fill(z, image + o * outPixels, image + (o + 1) * outPixels, bias[o]);
      }
      Kernels.col2im(columns, b * inPixels, s.out(), s.deconvHeight(), s.deconvWidth(), s.kernelHeight(),
          s.kernelWidth(), s.stride(), z, image, n);
    }
    return z;
  }

  @Test
  void theTransposedConvolutionInChunksOfImagesIsTheWholeBatchsBitForBit() {
    PortableConvolutions.Shape[] shapes = {new PortableConvolutions.Shape(32, 5, 5, 16, 3, 3, 2),
        new PortableConvolutions.Shape(16, 13, 13, 1, 4, 4, 2)};
    for (PortableConvolutions.Shape s : shapes) {
      int taps = s.out() * s.kernelHeight() * s.kernelWidth();
      float[] weights = random(2, s.in() * taps);
      float[] bias = random(3, s.out());
      for (int batch : new int[] {1, 7, 50, 100}) {
        float[] x = random(batch, batch * s.in() * s.height() * s.width());
        sameBits(PortableConvolutions.deconvForward(x, batch, s, weights, bias), wholeBatchDeconv(x, batch, s, weights,
            bias), "transposed forward, batch " + batch);
      }
    }
  }

  @Test
  void theTransposedConvolutionsGradientsStraightFromDeltaAreTheColumnsBitForBit() {
    // the first transposed convolution: 32 channels of 5x5 to 16 of 13x13, 5x5 taps, stride 2
    PortableConvolutions.Shape s = new PortableConvolutions.Shape(32, 5, 5, 16, 5, 5, 2);
    assertThat(PortableConvolutions.directDeconvolution(s)).isEqualTo(Gemm.lanes() <= 16);
    int taps = s.out() * s.kernelHeight() * s.kernelWidth();
    float[] weights = random(6, s.in() * taps);
    for (int batch : new int[] {1, 7, 100}) {
      float[] x = random(batch + 2000, batch * s.in() * s.height() * s.width());
      float[] delta = random(batch + 3000, batch * s.out() * s.deconvHeight() * s.deconvWidth());
      float[] columns = PortableConvolutions.deconvDeltaColumns(delta, batch, s).clone();
      sameBits(PortableConvolutions.deconvWeightGradientDirect(x, delta, batch, s),
          PortableConvolutions.deconvWeightGradient(x, columns, batch, s), "weight gradient, batch " + batch);
      sameBits(PortableConvolutions.deconvInputGradientDirect(delta, batch, s, weights, new float[x.length]),
          PortableConvolutions.deconvInputGradient(columns, batch, s, weights, new float[x.length]),
          "input gradient, batch " + batch);
    }
  }

  @Test
  void theForwardPassAndTheWeightGradientInChunksOfImagesAreTheWholeBatchsBitForBit() {
    PortableConvolutions.Shape conv2 = new PortableConvolutions.Shape(16, 13, 13, 32, 3, 3, 1);
    PortableConvolutions.Shape conv1 = new PortableConvolutions.Shape(1, 28, 28, 16, 3, 3, 1);
    for (PortableConvolutions.Shape s : new PortableConvolutions.Shape[] {conv2, conv1}) {
      int pixels = s.convHeight() * s.convWidth();
      int taps = s.taps();
      float[] weights = random(4, s.out() * taps);
      float[] bias = random(5, s.out());
      for (int batch : new int[] {1, 3, 17, 50, 100}) {
        float[] x = random(batch, batch * s.in() * s.height() * s.width());
        float[] delta = random(batch + 1000, batch * s.out() * pixels);
        int n = batch * pixels;
        float[] columns = PortableConvolutions.convColumns(x, batch, s);
        // Z = W · columns + b for the whole batch, then [out][batch·pixels] as [batch][out][pixels]
        float[] z = new float[s.out() * n];
        Gemm.multiply(Gemm.Matrix.of(weights, 0, taps), Gemm.Matrix.of(columns, 0, n), z, 0, n, n, taps,
            Gemm.Init.ROW_BIAS, bias, 0, s.out());
        sameBits(PortableConvolutions.convForward(x, batch, s, weights, bias), PortableConvolutions.batchMajor(z, batch,
            s.out(), pixels, new float[z.length]), "forward, batch " + batch + ", " + pixels + " pixels");
        // dW^T = columns · δ^T over the whole batch in one product
        float[] transposed = new float[taps * s.out()];
        Gemm.multiply(Gemm.Matrix.of(columns, 0, n), Gemm.Matrix.of(PortableConvolutions.pixelMajor(delta, batch,
            s.out(), pixels), 0, s.out()), transposed, 0, s.out(), s.out(), n, Gemm.Init.ZERO, null, 0, taps);
        float[] gradient = new float[s.out() * taps];
        Kernels.transpose(transposed, 0, taps, s.out(), gradient, 0);
        float[] byPixel = PortableConvolutions.byPixel(delta, batch, s.out(), pixels);
        sameBits(PortableConvolutions.convWeightGradient(x, byPixel, batch, s), gradient, "weight gradient, batch "
            + batch + ", " + pixels + " pixels");
        // the bias gradient from δ by pixel: the same chain per channel as from δ by image
        sameBits(PortableConvolutions.biasGradientByPixel(byPixel, batch, s.out(), pixels),
            PortableConvolutions.biasGradient(delta, batch, s.out(), pixels), "bias gradient, batch " + batch);
      }
    }
  }
}
