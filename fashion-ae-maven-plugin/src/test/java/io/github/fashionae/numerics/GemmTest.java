package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The portable matrix product: its two paths agree bit for bit, rows can be shared, and it is the product. */
class GemmTest {

  /**
   * Shapes of the study's layers and awkward ones: m, n, k; the last two have blocks of B of 2 MB and more, which
   * run in packed column panels (the first with a second, small block, leftover rows and columns).
   */
  private static final List<int[]> SHAPES = List.of(new int[] {32, 121, 144}, new int[] {100, 64, 800},
      new int[] {7, 37, 19}, new int[] {1, 1, 1}, new int[] {5, 3, 2}, new int[] {16, 676, 9},
      new int[] {9, 17, 33}, new int[] {10, 2000, 300}, new int[] {12, 4096, 130});

  @Test
  void theVectorAndTheScalarPathGiveTheSameBitsForEveryShapeAndLayout() {
    for (int[] shape : SHAPES) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      float[] a = KernelDigest.values(m * 31L + n, m * k);
      float[] b = KernelDigest.values(n * 17L + k, k * n);
      float[] rowBias = KernelDigest.values(3, m);
      float[] columnBias = KernelDigest.values(4, n);
      for (boolean transposedA : new boolean[] {false, true}) {
        Gemm.Matrix left = transposedA ? Gemm.Matrix.transposed(transpose(a, m, k), 0, m) : Gemm.Matrix.of(a, 0, k);
        for (Gemm.Init init : Gemm.Init.values()) {
          float[] bias = init == Gemm.Init.ROW_BIAS ? rowBias : columnBias;
          float[] scalar = new float[m * n];
          float[] vector = new float[m * n];
          Gemm.scalar(left, Gemm.Matrix.of(b, 0, n), scalar, 0, n, n, k, init, bias, 0, m);
          Gemm.vector(left, Gemm.Matrix.of(b, 0, n), vector, 0, n, n, k, init, bias, 0, m);
          assertThat(bits(vector)).as("%dx%dx%d %s %s", m, n, k, transposedA ? "A^T" : "A", init)
              .isEqualTo(bits(scalar));
        }
      }
    }
  }

  @Test
  void aProductOverTheReductionInPartsAccumulatedIsTheOneProductBitForBit() {
    for (int[] shape : SHAPES) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      float[] a = KernelDigest.values(m * 7L + k, m * k);
      float[] b = KernelDigest.values(n * 5L + k, k * n);
      float[] once = new float[m * n];
      Gemm.vector(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), once, 0, n, n, k, Gemm.Init.ZERO, null, 0, m);
      for (int split : new int[] {1, k / 3, k - 1}) {
        if (split < 1 || split >= k) {
          continue;
        }
        for (boolean scalarPath : new boolean[] {false, true}) {
          float[] parts = new float[m * n];
          // A's columns [0, split) with B's rows [0, split), then the rest, going on from C
          Gemm.Matrix firstA = new Gemm.Matrix(a, 0, k, false);
          Gemm.Matrix restA = new Gemm.Matrix(a, split, k, false);
          Gemm.Matrix firstB = Gemm.Matrix.of(b, 0, n);
          Gemm.Matrix restB = new Gemm.Matrix(b, split * n, n, false);
          if (scalarPath) {
            Gemm.scalar(firstA, firstB, parts, 0, n, n, split, Gemm.Init.ZERO, null, 0, m);
            Gemm.scalar(restA, restB, parts, 0, n, n, k - split, Gemm.Init.ACCUMULATE, null, 0, m);
          } else {
            Gemm.vector(firstA, firstB, parts, 0, n, n, split, Gemm.Init.ZERO, null, 0, m);
            Gemm.vector(restA, restB, parts, 0, n, n, k - split, Gemm.Init.ACCUMULATE, null, 0, m);
          }
          assertThat(bits(parts)).as("%dx%dx%d split at %d, %s path", m, n, k, split, scalarPath ? "scalar" : "vector")
              .isEqualTo(bits(once));
        }
      }
    }
  }

  @Test
  void rowsSharedByTwoThreadsGiveTheBitsOfOne() throws Exception {
    int m = 100;
    int n = 64;
    int k = 800;
    float[] a = KernelDigest.values(1, m * k);
    float[] b = KernelDigest.values(2, k * n);
    float[] one = new float[m * n];
    Gemm.multiply(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), one, 0, n, n, k, Gemm.Init.ZERO, null, 0, m);

    float[] two = new float[m * n];
    Thread first = new Thread(() -> Gemm.multiply(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), two, 0, n, n,
        k, Gemm.Init.ZERO, null, 0, 37));
    first.start();
    Gemm.multiply(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), two, 0, n, n, k, Gemm.Init.ZERO, null, 37, m);
    first.join();

    assertThat(bits(two)).isEqualTo(bits(one));
  }

  @Test
  void itIsTheProductWithinFloatRounding() {
    int m = 9;
    int n = 17;
    int k = 33;
    float[] a = KernelDigest.values(5, m * k);
    float[] b = KernelDigest.values(6, k * n);
    float[] bias = KernelDigest.values(7, n);
    float[] c = new float[m * n];
    Gemm.multiply(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), c, 0, n, n, k, Gemm.Init.COLUMN_BIAS, bias, 0, m);

    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = bias[j];
        for (int p = 0; p < k; p++) {
          exact += (double) a[i * k + p] * b[p * n + j];
        }
        assertThat((double) c[i * n + j]).isCloseTo(exact, within(1e-5));
      }
    }
  }

  static float[] transpose(float[] values, int rows, int columns) {
    float[] out = new float[values.length];
    Kernels.transpose(values, 0, rows, columns, out, 0);
    return out;
  }

  static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
