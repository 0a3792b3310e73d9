package io.github.fashionae.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The CPU's feature flags as Linux names them in {@code /proc/cpuinfo} ("avx2", "fma", "avx512f", ...): what the
 * engine's kernel choices (max pooling, OpenBLAS's core type) are decided by.
 */
public final class CpuFlags {

  private static final List<String> AVX512 = List.of("avx512f", "avx512bw", "avx512vl", "avx512dq");

  private CpuFlags() {
  }

  /** The flags of {@code /proc/cpuinfo}'s first "flags" line; none where it cannot be read (not Linux, no procfs). */
  public static Set<String> read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("flags")) {
          return Set.copyOf(Arrays.asList(line.substring(line.indexOf(':') + 1).strip().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // none: the callers then choose what is right everywhere
    }
    return Set.of();
  }

  /** True when {@code flags} hold the AVX-512 of oneDNN's "avx512_core" and OpenBLAS's SkylakeX: F, BW, VL, DQ. */
  public static boolean avx512(Set<String> flags) {
    return flags.containsAll(AVX512);
  }
}
