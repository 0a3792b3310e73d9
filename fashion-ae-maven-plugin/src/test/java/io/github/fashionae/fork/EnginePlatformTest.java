package io.github.fashionae.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.util.CpuFlags;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine names the kernels it picks, and a cap on its dispatch changes its platform, hence fingerprints. */
class EnginePlatformTest {

  @Test
  void readsOneDnnsAndOpenBlasesOwnLines() {
    EnginePlatform platform = EnginePlatform.parse(List.of("Core: Haswell", "[main] INFO ... Cores: [2]",
        "dnnl_verbose,info,oneDNN v2.3.0 (commit aec51f92ba9b23c5ed4b6753995f847615f5968a)",
        "dnnl_verbose,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support",
        "dnnl_verbose,info,cpu,isa:Intel AVX2"));

    assertThat(platform).isEqualTo(new EnginePlatform("avx512_core_bf16", "haswell"));
    assertThat(platform.identity()).isEqualTo("onednn-avx512_core_bf16/openblas-haswell");
    assertThat(EnginePlatform.parse(List.of("dnnl_verbose,info,cpu,isa:Intel AVX2", "Core: Zen")).identity())
        .isEqualTo("onednn-avx2/openblas-zen");
    assertThat(EnginePlatform.onednnIsa("Intel AVX-512 with AVX512BW, AVX512VL, and AVX512DQ extensions"))
        .isEqualTo("avx512_core");
    assertThat(EnginePlatform.onednnIsa("Some Future ISA 2.0")).isEqualTo("some_future_isa_2.0");
    assertThat(EnginePlatform.parse(List.of("no library said anything")))
        .isEqualTo(new EnginePlatform(EnginePlatform.UNKNOWN, EnginePlatform.UNKNOWN));
  }

  @Test
  void aProbeThatFailsQuotesItsLinesWithoutPointingAtItsDeletedLog() {
    ForkedJvm.Fork noEngine = new ForkedJvm.Fork(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(),
        "256m", List.of("-Dprobe.test=no-classpath"));

    assertThatThrownBy(() -> EnginePlatform.of(noEngine, new RecordingLog())).isInstanceOf(ForkException.class)
        .hasMessageContaining("The probe's last lines:")
        .hasMessageContaining("Could not find or load main class " + Protocol.MAIN_CLASS)
        .hasMessageNotContaining("probe.log");
  }

  @Test
  void theEngineNamesItsKernelsAndACapChangesThem() throws Exception {
    Set<String> flags = CpuFlags.read();
    ForkedJvm.Fork fork = Defaults.currentJvm("512m");
    RecordingLog log = new RecordingLog();

    EnginePlatform native_ = EnginePlatform.of(fork, log);
    EnginePlatform again = EnginePlatform.of(fork, log);
    EnginePlatform avx2 = EnginePlatform.of(fork, Map.of("DNNL_MAX_CPU_ISA", "AVX2"), log);
    EnginePlatform sandybridge = EnginePlatform.of(fork, Map.of("OPENBLAS_CORETYPE", "Sandybridge"), log);

    assertThat(again).isEqualTo(native_);
    assertThat(log.lines.stream().filter(l -> l.startsWith("Engine platform:"))).hasSize(3);
    assertThat(native_.openblasCore()).isNotEqualTo(EnginePlatform.UNKNOWN);
    assertThat(avx2.onednnIsa()).isEqualTo("avx2");
    assertThat(sandybridge.openblasCore()).isEqualTo("sandybridge");
    assertThat(sandybridge.identity()).isNotEqualTo(native_.identity());
    // what is promised on every CPU: oneDNN names the widest ISA the CPU has among those it knows
    if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
      assertThat(native_.onednnIsa()).startsWith("avx512_core");
      assertThat(avx2.identity()).isNotEqualTo(native_.identity());
    } else if (flags.contains("avx2")) {
      assertThat(native_.onednnIsa()).startsWith("avx2");
    } else {
      assertThat(native_.onednnIsa()).isNotEqualTo(EnginePlatform.UNKNOWN).doesNotStartWith("avx2")
          .doesNotStartWith("avx512");
    }
  }

  @Test
  void anSseFallbackOfOpenBlasIsReplacedByTheCpusVectorInstructions() {
    Set<String> avx512 = Set.of("sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");
    Set<String> avx2 = Set.of("sse3", "avx", "avx2", "fma");

    // the Intel Xeon family 6 model 207 that OpenBLAS 0.3.19 takes for a Prescott
    assertThat(EnginePlatform.openblasCore("prescott", Map.of(), avx512)).isEqualTo(
        Map.of("OPENBLAS_CORETYPE", "SkylakeX"));
    assertThat(EnginePlatform.openblasCore("core2", Map.of(), avx2)).isEqualTo(Map.of("OPENBLAS_CORETYPE", "Haswell"));
    // a core OpenBLAS chose itself, the user's choice, a CPU without AVX2: left as they are
    assertThat(EnginePlatform.openblasCore("haswell", Map.of(), avx512)).isEmpty();
    assertThat(EnginePlatform.openblasCore("prescott", Map.of("OPENBLAS_CORETYPE", "Prescott"), avx512)).isEmpty();
    assertThat(EnginePlatform.openblasCore("prescott", Map.of(), Set.of("sse3", "avx"))).isEmpty();
  }

  @Test
  void onThisCpuTheEngineNeverRunsOpenBlasesSseKernelsWhereTheCpuHasAvx2() throws Exception {
    ForkedJvm.Fork jvm = Defaults.currentJvm("512m");
    // a fork of its own (a harmless property), so that the other test's count of probes is not this one's
    ForkedJvm.Fork fork = new ForkedJvm.Fork(jvm.javaExecutable(), jvm.classpath(), jvm.maxHeap(),
        List.of("-Dprobe.test=sse"));
    EnginePlatform platform = EnginePlatform.of(fork, new RecordingLog());

    if (CpuFlags.read().containsAll(Set.of("avx2", "fma"))) {
      assertThat(EnginePlatform.SSE_CORES).doesNotContain(platform.openblasCore());
    }
  }
}
