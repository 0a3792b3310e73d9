package io.github.fashionae.bench;

import io.github.fashionae.numerics.Gemm;
import io.github.fashionae.numerics.GemmAccess;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GFLOP/s of the portable numerics' matrix product ({@link Gemm}, its vector and its scalar path) against ND4J's
 * native product (OpenBLAS's sgemm, as the native engine's dense layers use it) on the shapes of the study's
 * training step, one thread, alternating rounds; run by {@code bench/portable-kernels}, not a test.
 */
public final class PortableKernelBench {

  private PortableKernelBench() {
  }

  /** A product's shape and role in the step: C[m×n] = A[m×k]·B[k×n], {@code count} times per minibatch of 100. */
  private record Shape(String role, int m, int n, int k, int count) {
    double flops() {
      return 2.0 * m * n * k * count;
    }
  }

  private static final Shape[] SHAPES = {
      new Shape("conv2 forward, batched [32x144]·[144x12100]", 32, 12100, 144, 1),
      new Shape("conv2 input grad, batched [144x32]·[32x12100]", 144, 12100, 32, 1),
      new Shape("conv1 forward, batched [16x9]·[9x67600]", 16, 67600, 9, 1),
      new Shape("conv2 forward, per image  [32x144]·[144x121]", 32, 121, 144, 100),
      new Shape("conv2 weight grad         [32x12100]·[12100x144]", 32, 144, 12100, 1),
      new Shape("dense 800->64 forward     [100x800]·[800x64]", 100, 64, 800, 1),
      new Shape("dense 800->64 weight grad [800x100]·[100x64]", 800, 64, 100, 1),
      new Shape("deconv 32->16 forward, per image [400x32]·[32x25]", 400, 25, 32, 100),
  };

  /**
   * Arguments: the rounds (default 5), then optionally the index of the one shape to measure. Measure one shape per
   * JVM (as {@code bench/portable-kernels} does): in one JVM the first shapes' profile decides how the JIT compiles
   * the product for the later ones, and a later shape can run several times slower than alone (2026-12-06: conv2's
   * weight gradient at 17 GFLOP/s after the forward shapes, 110-120 alone; first of all, it left every shape at 3).
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int only = args.length > 1 ? Integer.parseInt(args[1]) : -1;
    if (only <= 0) {
      System.out.printf(Locale.ROOT, "vector lanes: %d floats (%d bits); rounds: %d%n", Gemm.lanes(),
          Gemm.lanes() * 32, rounds);
      System.out.printf(Locale.ROOT, "%-52s %10s %10s %10s%n", "product (per minibatch of 100)", "vector", "scalar",
          "nd4j");
    }
    for (int index = 0; index < SHAPES.length; index++) {
      if (only >= 0 && index != only) {
        continue;
      }
      Shape shape = SHAPES[index];
      float[] a = random(1, shape.m() * shape.k());
      float[] b = random(2, shape.k() * shape.n());
      float[] c = new float[shape.m() * shape.n()];
      INDArray na = Nd4j.create(a, new long[] {shape.m(), shape.k()}, 'c');
      INDArray nb = Nd4j.create(b, new long[] {shape.k(), shape.n()}, 'c');
      INDArray nc = Nd4j.create(DataType.FLOAT, shape.m(), shape.n());
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
      // each engine's rounds in a row, the vector path's first: interleaved with the scalar path, the JIT compiled the
      // vector path for some shapes into code 40 times slower (2026-12-06)
      for (int engine = 0; engine < 3; engine++) {
        long warm = System.nanoTime();
        int warmRounds = 0;
        // warm-up rounds, at least 2 s or 20 of them: a fresh JVM has compiled nothing yet
        for (int round = 0; warmRounds < 20 || System.nanoTime() - warm < 2_000_000_000L; round++, warmRounds++) {
          if (warmRounds >= 200) {
            break;
          }
          for (int i = 0; i < shape.count(); i++) {
            switch (engine) {
              case 0 -> vector(a, b, c, shape);
              case 1 -> scalar(a, b, c, shape);
              default -> Nd4j.gemm(na, nb, nc, false, false, 1.0, 0.0);
            }
          }
        }
        for (int round = 0; round < rounds + 1; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < shape.count(); i++) {
            switch (engine) {
              case 0 -> vector(a, b, c, shape);
              case 1 -> scalar(a, b, c, shape);
              default -> Nd4j.gemm(na, nb, nc, false, false, 1.0, 0.0);
            }
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          if (round > 0) {
            best[engine] = Math.min(best[engine], seconds);
          }
        }
      }
      System.out.printf(Locale.ROOT, "%-52s %10.2f %10.2f %10.2f  GFLOP/s%n", shape.role(),
          shape.flops() / best[0] / 1e9, shape.flops() / best[1] / 1e9, shape.flops() / best[2] / 1e9);
    }
  }

  private static void vector(float[] a, float[] b, float[] c, Shape s) {
    Gemm.multiply(Gemm.Matrix.of(a, 0, s.k()), Gemm.Matrix.of(b, 0, s.n()), c, 0, s.n(), s.n(), s.k(),
        Gemm.Init.ZERO, null, 0, s.m());
  }

  private static void scalar(float[] a, float[] b, float[] c, Shape s) {
    GemmAccess.scalar(a, b, c, s.m(), s.n(), s.k());
  }

  private static float[] random(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }
}
