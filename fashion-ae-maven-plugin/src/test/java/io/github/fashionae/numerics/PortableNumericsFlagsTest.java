package io.github.fashionae.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fashionae.testing.JavaMain;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portable kernels give the same bits whatever machine code the JIT emits for them, and on every CPU: the
 * kernel workload ({@link KernelDigest}) runs in JVMs started with flags that change the vector instructions, the
 * vector width, the compiler, or the path (Vector API or scalar), and every run must print one digest, the one
 * recorded below. That golden digest was recorded on an Intel Xeon (family 6 model 207, AVX-512) on 2026-12-06; CI
 * and every development machine (an AVX2 Zen3, an AVX-512 Zen5, …) check it again: the cross-CPU test.
 */
class PortableNumericsFlagsTest {

  /** The kernel workload's digest, recorded once; a change of any kernel's numerics must change it knowingly. */
  static final String GOLDEN = "6a812144d1e4d4a91b005a3199fc09dcc8b074795d93ac566988f9d53206b301";

  /** JVM flags that change the machine code of the kernels but must not change a bit of their results. */
  static final List<List<String>> FLAGS = List.of(
      List.of(),
      List.of("-XX:UseAVX=3"),
      List.of("-XX:UseAVX=2"),
      List.of("-XX:UseAVX=1"),
      List.of("-XX:UseAVX=0"),
      List.of("-XX:-UseSuperWord"),
      List.of("-XX:MaxVectorSize=16"),
      List.of("-XX:TieredStopAtLevel=1"),
      List.of("-Dfashionae.numerics.scalar=true"),
      List.of("-Dfashionae.numerics.scalar=true", "-XX:UseAVX=0", "-XX:-UseFMA"),
      List.of("-XX:-UseFMA")); // no FMA instruction: the scalar path with the software fma (Fma)

  @Test
  void everyFlagGivesTheGoldenDigest() throws Exception {
    Map<String, String> digests = new LinkedHashMap<>();
    for (List<String> flags : FLAGS) {
      digests.put(String.join(" ", flags), digest(flags, "portable"));
    }

    assertThat(digests.values()).as("digests by JVM flags: %s", digests).containsOnly(GOLDEN);
    assertThat(KernelDigest.portable()).as("in this JVM").isEqualTo(GOLDEN);
  }

  @Test
  void theFlagsCatchAKernelWhoseSumsDependOnTheVectorWidth() throws Exception {
    assumeTrue(Gemm.lanes() > 4, "this CPU has vectors wider than 128 bits, so the width can be narrowed");

    String wide = digest(List.of(), "width-dependent");
    String narrow = digest(List.of("-XX:MaxVectorSize=16"), "width-dependent");

    assertThat(narrow).as("a dot product summed by lanes, then across them").isNotEqualTo(wide);
  }

  /** The digest a fresh JVM with {@code flags} prints. */
  static String digest(List<String> flags, String mode) throws IOException, InterruptedException {
    String output = JavaMain.run(KernelDigest.class, flags, Map.of(), 120, mode);
    return output.lines().filter(l -> l.startsWith("digest ")).map(l -> l.substring(7)).findFirst()
        .orElseThrow(() -> new AssertionError(flags + " printed no digest: " + output));
  }
}
