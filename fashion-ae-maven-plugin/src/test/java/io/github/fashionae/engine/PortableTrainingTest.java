package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fork.Protocol;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.testing.JavaMain;
import io.github.fashionae.testing.RealData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The study's networks in portable form ({@code PortableLayers}) train to the same parameters whatever the JIT
 * emits, however many threads ND4J runs, and whatever kernels oneDNN and OpenBLAS would pick; the native form does
 * not (the contrast shows the test can tell). The three models are built as the engine builds them (weights drawn in
 * Java from the seed, the classifiers' encoders copied from the trained autoencoder). The golden digests were
 * recorded under portable numerics revision 2 on a 2-core AMD EPYC Zen5 (family 26 model 2, AVX-512) on
 * 2026-12-06 (revision 1's, recorded on an Intel Xeon family 6 model 207, held on that Zen5 too): every later
 * machine checks them, the cross-CPU test. What the portable numerics still leave to ND4J (dropout's integer
 * random stream, ReLU, max pooling, element-wise exactly rounded arithmetic in its generic x86-64 binary) is what
 * this test on other CPUs judges as well.
 */
class PortableTrainingTest {

  static final String GOLDEN_AUTOENCODER = "1cd9e1ff65342b418dd8c6e9e658c23ee0b40a2245020da5033d170aa4b8d4ee";
  static final String GOLDEN_FINETUNE = "af5ca547e3426c3778f25a08fd2815cae3d489f9c2c8d9a237e5fcd1e5fbd2a8";
  static final String GOLDEN_FROZEN = "43012c8b6b2a5a94f86a91dc1f2360b7fa42265f3d9efa900e2c7ea1f5ccb60e";

  /** One run: its JVM flags, its environment. */
  private record Run(List<String> flags, Map<String, String> environment) {
    @Override
    public String toString() {
      return String.join(" ", flags) + " " + environment;
    }
  }

  @Test
  void thePortableFormTrainsToTheGoldenParametersUnderEveryFlagAndThreadCount() throws Exception {
    List<Run> runs = List.of(
        new Run(List.of(), Map.of("OMP_NUM_THREADS", "1")),
        new Run(List.of(), Map.of("OMP_NUM_THREADS", "2")),
        new Run(List.of("-XX:MaxVectorSize=16"), Map.of("OMP_NUM_THREADS", "2")),
        new Run(List.of("-XX:UseAVX=2", "-XX:-UseSuperWord"), Map.of("OMP_NUM_THREADS", "1")),
        new Run(List.of("-XX:UseAVX=0"), Map.of("OMP_NUM_THREADS", "2")),
        new Run(List.of("-Dfashionae.numerics.scalar=true"), Map.of("OMP_NUM_THREADS", "1")),
        new Run(List.of(), Map.of("OMP_NUM_THREADS", "2", "DNNL_MAX_CPU_ISA", "AVX2", "OPENBLAS_CORETYPE",
            "Haswell")));
    Map<String, String> digests = new LinkedHashMap<>();
    for (Run run : runs) {
      digests.put(run.toString(), digests(run, "portable"));
    }

    assertThat(digests.values()).as("digests by run: %s", digests).containsOnly("autoencoder " + GOLDEN_AUTOENCODER
        + " classifier-finetune " + GOLDEN_FINETUNE + " classifier-frozen " + GOLDEN_FROZEN);
  }

  @Test
  void theNativeFormDoesNotEvenAcrossThreadCounts() throws Exception {
    String one = digests(new Run(List.of(), Map.of("OMP_NUM_THREADS", "1")), "native");
    String two = digests(new Run(List.of(), Map.of("OMP_NUM_THREADS", "2")), "native");

    assertThat(one).isNotEqualTo(two);
  }

  private static String digests(Run run, String mode) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("-Xmx1g", "-D" + Protocol.HELPERS_DISABLE_PROPERTY + "=false",
        "-D" + Protocol.PLATFORM_EXTENSION_PROPERTY + "=" + EngineIdentity.NATIVES_EXTENSION,
        "-Dfashionae.testDatasetDirectory=" + RealData.DIRECTORY));
    options.addAll(run.flags());
    String output = JavaMain.run(PortableTrainingDigest.class, options, run.environment(), 240, mode);
    return String.join(" ", output.lines().filter(l -> l.startsWith("autoencoder ") || l.startsWith("classifier-"))
        .toList());
  }
}
