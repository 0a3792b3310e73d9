package io.github.fashionae.numerics;

/** The scalar path of {@link Gemm}, for the benchmark in another package. */
public final class GemmAccess {

  private GemmAccess() {
  }

  /** {@code c = a·b} by the scalar path: row-major [m×k]·[k×n]. */
  public static void scalar(float[] a, float[] b, float[] c, int m, int n, int k) {
    Gemm.scalar(Gemm.Matrix.of(a, 0, k), Gemm.Matrix.of(b, 0, n), c, 0, n, n, k, Gemm.Init.ZERO, null, 0, m);
  }
}
