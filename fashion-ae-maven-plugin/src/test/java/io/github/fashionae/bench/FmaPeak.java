package io.github.fashionae.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One core's measured fused multiply-add throughput, the ceiling beside which {@code bench/step-profile} puts each
 * layer's GFLOP/s: twelve independent chains of the JVM's preferred float vectors (enough to hide an FMA's latency on
 * two units), best of six rounds of 600 million vector FMAs. Unlike the nominal peak from /proc/cpuinfo's clock, it
 * sees a virtual machine's real clock (turbo included). Prints {@code fma_peak_gflops=<G> lanes=<L>}. Not a test.
 */
public final class FmaPeak {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int CHAINS = 12;

  private FmaPeak() {
  }

  public static void main(String[] args) {
    float[] ones = new float[SPECIES.length()];
    java.util.Arrays.fill(ones, 1f);
    int iterations = 50_000_000;
    double best = 0;
    float sink = 0;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      sink += chains(ones, iterations);
      double seconds = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, (double) CHAINS * iterations * SPECIES.length() * 2 / seconds / 1e9);
    }
    System.out.printf(Locale.ROOT, "fma_peak_gflops=%.0f lanes=%d%s%n", best, SPECIES.length(),
        sink == 1234.5f ? " " : "");
  }

  private static float chains(float[] values, int iterations) {
    FloatVector b = FloatVector.fromArray(SPECIES, values, 0);
    FloatVector m = FloatVector.broadcast(SPECIES, 0.999f);
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    FloatVector c8 = c0;
    FloatVector c9 = c0;
    FloatVector c10 = c0;
    FloatVector c11 = c0;
    for (int i = 0; i < iterations; i++) {
      c0 = m.fma(c0, b);
      c1 = m.fma(c1, b);
      c2 = m.fma(c2, b);
      c3 = m.fma(c3, b);
      c4 = m.fma(c4, b);
      c5 = m.fma(c5, b);
      c6 = m.fma(c6, b);
      c7 = m.fma(c7, b);
      c8 = m.fma(c8, b);
      c9 = m.fma(c9, b);
      c10 = m.fma(c10, b);
      c11 = m.fma(c11, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
