package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fork.ForkedJvm;
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
 * not (the contrast shows the test can tell). The golden digests were recorded on an Intel Xeon (family 6 model 207,
 * AVX-512) on 2026-12-06: every later machine checks them, the cross-CPU test. The portable form is groundwork of
 * issue 23 and not yet the default; it still runs ND4J's random numbers (initialisation, dropout masks) and
 * element-wise operations (the division of the gradient by the batch size, the parameters' update), which this test
 * on other CPUs is there to judge.
 */
class PortableTrainingTest {

  static final String GOLDEN_AUTOENCODER = "b3044df2559a43f4ac32e1ae16de9cd4af962a2ffeed50214681dd5e0cc21646";
  static final String GOLDEN_CLASSIFIER = "4c541ffd7ea9e540ccd8b5f788472bfeade8557093406d3478f70d9337d9cc1d";

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
        new Run(List.of("-Dfashionae.numerics.scalar=true"), Map.of("OMP_NUM_THREADS", "1")),
        new Run(List.of(), Map.of("OMP_NUM_THREADS", "2", "DNNL_MAX_CPU_ISA", "AVX2", "OPENBLAS_CORETYPE",
            "Haswell")));
    Map<String, String> digests = new LinkedHashMap<>();
    for (Run run : runs) {
      digests.put(run.toString(), digests(run, "portable"));
    }

    assertThat(digests.values()).as("digests by run: %s", digests).containsOnly("autoencoder " + GOLDEN_AUTOENCODER
        + " classifier " + GOLDEN_CLASSIFIER);
  }

  @Test
  void theNativeFormDoesNotEvenAcrossThreadCounts() throws Exception {
    String one = digests(new Run(List.of(), Map.of("OMP_NUM_THREADS", "1")), "native");
    String two = digests(new Run(List.of(), Map.of("OMP_NUM_THREADS", "2")), "native");

    assertThat(one).isNotEqualTo(two);
  }

  private static String digests(Run run, String mode) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("-Xmx1g", "-D" + ForkedJvm.HELPERS_DISABLE_PROPERTY + "=false",
        "-D" + ForkedJvm.PLATFORM_EXTENSION_PROPERTY + "=" + EngineIdentity.NATIVES_EXTENSION,
        "-Dfashionae.testDatasetDirectory=" + RealData.DIRECTORY));
    options.addAll(run.flags());
    String output = JavaMain.run(PortableTrainingDigest.class, options, run.environment(), 240, mode);
    return String.join(" ", output.lines().filter(l -> l.startsWith("autoencoder ") || l.startsWith("classifier "))
        .toList());
  }
}
