package io.github.fashionae.fork;

import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.CpuFlags;
import io.github.fashionae.util.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernels the engine's native libraries pick on this machine, a part of the engine's identity: oneDNN (the
 * convolutions) dispatches by the CPU's instruction set, OpenBLAS (the dense layers' products) by its core type,
 * and the same inputs give other bits under other kernels. Measured on one AVX-512 machine (2026-12-02): the quick
 * build's autoencoder ends with other parameters when oneDNN is capped at AVX2 ({@code DNNL_MAX_CPU_ISA=AVX2}) than
 * uncapped, and with the same ones when capped at its own level. So a stage trained under one platform is never
 * served to a build under another, from any cache.
 *
 * <p>The engine is asked rather than the CPU guessed at: a short forked JVM ({@link EngineTask.Probe}) runs one
 * convolution and one product with the libraries' verbose switches on and reads what they say. The answer is kept
 * for the life of Maven's JVM, per fork and per the environment variables that cap the dispatch.
 *
 * @param onednnIsa oneDNN's instruction set, by its own name for {@code DNNL_MAX_CPU_ISA}: "avx2", "avx512_core", ...
 * @param openblasCore OpenBLAS's core type, as for {@code OPENBLAS_CORETYPE}: "haswell", "skylakex", "zen", ...
 */
public record EnginePlatform(String onednnIsa, String openblasCore) {

  /** The environment variables that change which kernels the libraries pick, or how they block their loops. */
  public static final List<String> DISPATCH_VARIABLES = List.of("DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA",
      "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

  /** What a library's line does not say: a build without run-time dispatch, or one that says nothing. */
  public static final String UNKNOWN = "unknown";

  static final String ONEDNN_ISA_PREFIX = "dnnl_verbose,info,cpu,isa:";
  static final String OPENBLAS_CORE_PREFIX = "Core: ";

  /** oneDNN 2.x's descriptions of its instruction sets (its verbose "isa:" line), longest first. */
  private static final Map<String, String> ONEDNN_ISAS = new LinkedHashMap<>();

  static {
    ONEDNN_ISAS.put("Intel AVX-512 with Intel DL Boost and bfloat16 support and Intel AMX with bfloat16 and 8-bit "
        + "integer support", "avx512_core_amx");
    ONEDNN_ISAS.put("Intel AVX-512 with float16, Intel DL Boost and bfloat16 support", "avx512_core_fp16");
    ONEDNN_ISAS.put("Intel AVX-512 with Intel DL Boost and bfloat16 support", "avx512_core_bf16");
    ONEDNN_ISAS.put("Intel AVX-512 with Intel DL Boost", "avx512_core_vnni");
    ONEDNN_ISAS.put("Intel AVX-512 with AVX512BW, AVX512VL, and AVX512DQ extensions", "avx512_core");
    ONEDNN_ISAS.put("Intel AVX-512 with AVX512_4FMAPS and AVX512_4VNNIW extensions", "avx512_mic_4ops");
    ONEDNN_ISAS.put("Intel AVX-512 with AVX512CD, AVX512ER, and AVX512PF extensions", "avx512_mic");
    ONEDNN_ISAS.put("Intel AVX2 with Intel DL Boost", "avx2_vnni");
    ONEDNN_ISAS.put("Intel AVX2", "avx2");
    ONEDNN_ISAS.put("Intel AVX", "avx");
    ONEDNN_ISAS.put("Intel SSE4.1", "sse41");
  }

  private static final String PROBE_HEAP = "256m";

  private static final Map<String, EnginePlatform> PROBED = new ConcurrentHashMap<>();

  /** OpenBLAS's cores without AVX2, by the probe's names: what it falls back to on a CPU it does not know. */
  static final Set<String> SSE_CORES = Set.of("prescott", "core2", "penryn", "dunnington", "nehalem", "atom",
      "katmai", "coppermine", "northwood", "banias", "opteron", "opteron_sse3", "barcelona", "bobcat");

  /** The OpenBLAS core chosen for this JVM's forks ({@link #chosenDispatch}). */
  private static final Map<String, String> CHOSEN_CORE = new ConcurrentHashMap<>();

  public EnginePlatform {
    Objects.requireNonNull(onednnIsa, "onednnIsa");
    Objects.requireNonNull(openblasCore, "openblasCore");
  }

  /** The platform's part of the engine identity: "onednn-avx512_core_bf16/openblas-haswell". */
  public String identity() {
    return "onednn-" + onednnIsa + "/openblas-" + openblasCore;
  }

  /** The platform the engine's log lines name; {@link #UNKNOWN} for a library that names none. */
  static EnginePlatform parse(List<String> lines) {
    String isa = UNKNOWN;
    String core = UNKNOWN;
    for (String line : lines) {
      String text = line.strip();
      if (text.startsWith(ONEDNN_ISA_PREFIX) && isa.equals(UNKNOWN)) {
        isa = onednnIsa(text.substring(ONEDNN_ISA_PREFIX.length()).strip());
      } else if (text.startsWith(OPENBLAS_CORE_PREFIX) && core.equals(UNKNOWN)) {
        core = token(text.substring(OPENBLAS_CORE_PREFIX.length()));
      }
    }
    return new EnginePlatform(isa, core);
  }

  /** oneDNN's name of the instruction set it describes as {@code description}, or the description as a token. */
  static String onednnIsa(String description) {
    for (Map.Entry<String, String> known : ONEDNN_ISAS.entrySet()) {
      if (description.equals(known.getKey())) {
        return known.getValue();
      }
    }
    return token(description);
  }

  private static String token(String text) {
    String token = text.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "_").replaceAll("^_|_$", "");
    return token.isEmpty() ? UNKNOWN : token;
  }

  /**
   * The platform of the engine that {@code fork} starts, asking it once per fork and dispatch environment in this
   * JVM (about a second).
   *
   * @throws ForkException when the probe's JVM fails
   */
  public static EnginePlatform of(ForkedJvm.Fork fork, BuildLog log) throws IOException, ForkException {
    return of(fork, Map.of(), log);
  }

  /**
   * As {@link #of(ForkedJvm.Fork, BuildLog)}, with {@code environment} set in the probe's JVM beyond this JVM's own
   * (a test's {@code DNNL_MAX_CPU_ISA}, say).
   */
  public static EnginePlatform of(ForkedJvm.Fork fork, Map<String, String> environment, BuildLog log)
      throws IOException, ForkException {
    Map<String, String> dispatch = new TreeMap<>();
    for (String variable : DISPATCH_VARIABLES) {
      String value = environment.containsKey(variable) ? environment.get(variable) : System.getenv(variable);
      if (value != null) {
        dispatch.put(variable, value);
      }
    }
    // the heap does not choose kernels: a probe of its own size, so that a fork too small for training probes too
    ForkedJvm.Fork probeFork = new ForkedJvm.Fork(fork.javaExecutable(), fork.classpath(), PROBE_HEAP, fork.jvmArgs());
    String key = probeFork + " " + dispatch;
    EnginePlatform known = PROBED.get(key);
    if (known != null) {
      return known;
    }
    EnginePlatform probed = probe(probeFork, environment, log);
    Map<String, String> core = openblasCore(probed.openblasCore(), dispatch, CpuFlags.read());
    if (!core.isEmpty()) {
      Map<String, String> chosen = new TreeMap<>(environment);
      chosen.putAll(core);
      EnginePlatform before = probed;
      probed = probe(probeFork, chosen, log);
      log.info("OpenBLAS does not know this CPU and would run its " + before.openblasCore()
          + " kernels (without AVX2); the engine runs its " + probed.openblasCore()
          + " kernels, chosen by the CPU's vector instructions (" + core + "; set OPENBLAS_CORETYPE to choose others)");
      CHOSEN_CORE.putAll(core);
    }
    PROBED.put(key, probed);
    log.info("Engine platform: oneDNN " + probed.onednnIsa() + ", OpenBLAS " + probed.openblasCore()
        + (dispatch.isEmpty() ? "" : " (" + dispatch + ")") + "; part of every stage's fingerprint");
    return probed;
  }

  /**
   * The environment that makes OpenBLAS run kernels of the CPU's vector instructions where it would fall back to a
   * pre-AVX core ({@link #SSE_CORES}) because it does not know the CPU (OpenBLAS 0.3.19 takes an Intel Xeon family 6
   * model 207, AVX-512, for a Prescott): {@code OPENBLAS_CORETYPE} SkylakeX on AVX-512 (F, BW, VL, DQ), Haswell on
   * AVX2 with FMA. Empty where OpenBLAS chose a core of its own that is not such a fallback, where the user set
   * {@code OPENBLAS_CORETYPE} ({@code dispatch}), or where the CPU has neither.
   *
   * @param probed the core OpenBLAS picked, as the probe named it
   * @param dispatch the dispatch variables the user set
   * @param flags the CPU's feature flags, as {@code /proc/cpuinfo} names them
   */
  static Map<String, String> openblasCore(String probed, Map<String, String> dispatch, Set<String> flags) {
    if (dispatch.containsKey("OPENBLAS_CORETYPE") || !SSE_CORES.contains(probed)) {
      return Map.of();
    }
    if (CpuFlags.avx512(flags)) {
      return Map.of("OPENBLAS_CORETYPE", "SkylakeX");
    }
    if (flags.containsAll(List.of("avx2", "fma"))) {
      return Map.of("OPENBLAS_CORETYPE", "Haswell");
    }
    return Map.of();
  }

  /**
   * The dispatch variables this JVM's forks start with beyond the user's: the OpenBLAS core chosen by
   * {@link #openblasCore} once a probe found OpenBLAS falling back (a fact of the CPU, so one for the JVM's life).
   */
  public static Map<String, String> chosenDispatch() {
    return Map.copyOf(CHOSEN_CORE);
  }

  private static EnginePlatform probe(ForkedJvm.Fork fork, Map<String, String> environment, BuildLog log)
      throws IOException, ForkException {
    Path directory = Files.createTempDirectory("fashion-ae-probe");
    try {
      Path logFile = directory.resolve("probe.log");
      try {
        new ForkedJvm(fork, log).run("Probing the engine's platform", new EngineTask.Probe(1,
            new TreeMap<>(environment)), directory.resolve("job.json"), logFile, (event, payload) -> log.debug(payload));
      } catch (ForkException e) {
        // the probe's folder is deleted below: its log's lines are quoted, its path would lead nowhere
        throw new ForkException(e.getMessage().replace("The last lines of " + logFile, "The probe's last lines"));
      }
      EnginePlatform platform = parse(Files.readAllLines(logFile, StandardCharsets.UTF_8));
      if (platform.onednnIsa().equals(UNKNOWN) || platform.openblasCore().equals(UNKNOWN)) {
        log.warn("The engine did not name the kernels it picks (oneDNN " + platform.onednnIsa() + ", OpenBLAS "
            + platform.openblasCore() + "); stages are fingerprinted as '" + platform.identity() + "'");
      }
      return platform;
    } finally {
      FileTrees.deleteTree(directory);
    }
  }
}
