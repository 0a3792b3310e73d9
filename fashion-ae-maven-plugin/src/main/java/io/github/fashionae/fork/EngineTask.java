package io.github.fashionae.fork;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.fashionae.numerics.Parallel;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.StageSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One piece of work for the engine JVM, handed over as {@code job.json}: train a stage, or evaluate trained
 * stages. A task joins what a stage is (its {@link StageSpec}, the fingerprinted inputs) with how this one run
 * is done (where its files lie, where it writes, the label in the log), which is not an input.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "task")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EngineTask.Train.class, name = "train"),
    @JsonSubTypes.Type(value = EngineTask.Evaluate.class, name = "evaluate"),
    @JsonSubTypes.Type(value = EngineTask.Probe.class, name = "probe")})
public sealed interface EngineTask permits EngineTask.Train, EngineTask.Evaluate, EngineTask.Probe {

  /** The OpenMP thread count the engine JVM runs with. */
  int threads();

  /**
   * Environment variables the engine JVM starts with beyond the OpenMP thread count ({@code OMP_NUM_THREADS =}
   * {@link #threads()}), which they may replace: a probe's verbose switches, or {@link #portableThreads} for a task
   * that runs the portable numerics only.
   */
  default Map<String, String> environment() {
    return Map.of();
  }

  /**
   * A portable task's threads: ND4J on one OpenMP thread (what the portable numerics leave it is copies and
   * element-wise arithmetic) and the portable numerics' own threads ({@link Parallel#THREADS_VARIABLE}) at {@code
   * threads}. With OpenMP at two threads as well, its threads and the numerics' took turns on the second core: the
   * classifier's 300 steps took 6.7-7.0 s against 5.6-5.7 with OpenMP at one (2-core Intel Xeon, family 6 model 167,
   * three alternating runs).
   */
  static Map<String, String> portableThreads(int threads) {
    return Map.of("OMP_NUM_THREADS", "1", Parallel.THREADS_VARIABLE, Integer.toString(threads));
  }

  /**
   * Run one convolution through oneDNN and one matrix product through OpenBLAS, with both libraries' verbose
   * switches on, so that each names the kernels it dispatched to on this CPU ({@link EnginePlatform}).
   *
   * @param threads the OpenMP thread count
   * @param dispatch environment variables set beyond Maven's own, e.g. {@code DNNL_MAX_CPU_ISA} (none but in tests)
   */
  record Probe(int threads, SortedMap<String, String> dispatch) implements EngineTask {

    /** oneDNN's switch that prints, among others, "dnnl_verbose,info,cpu,isa:..." at its first primitive. */
    public static final String DNNL_VERBOSE = "DNNL_VERBOSE";
    /** OpenBLAS's switch that prints "Core: ..." when a dynamic-architecture build picks its kernels. */
    public static final String OPENBLAS_VERBOSE = "OPENBLAS_VERBOSE";

    public Probe {
      dispatch = new TreeMap<>(dispatch);
    }

    @Override
    public Map<String, String> environment() {
      Map<String, String> environment = new TreeMap<>(dispatch);
      environment.put(DNNL_VERBOSE, "1");
      environment.put(OPENBLAS_VERBOSE, "2");
      return environment;
    }
  }

  /**
   * Train one stage.
   *
   * @param spec the stage
   * @param label its name in the log: "autoencoder", or "lr-0.01/autoencoder" in an experiment
   * @param files where the stage's input files lie, by name: the dataset files' upstream names, and
   *     {@link #ENCODER} for a classifier's encoder model
   * @param outputDirectory where the model and history are written
   * @param checkpointDirectory where each epoch's checkpoint goes and a killed run resumes from
   * @param evaluationWorkers how many threads evaluate the network after each epoch, each at {@link #threads()}
   *     OpenMP threads: more than 1 where the stage has cores to spare. The numbers are the same whatever it is,
   *     so it is no input of the stage
   */
  record Train(StageSpec spec, String label, SortedMap<String, String> files, String outputDirectory,
               String checkpointDirectory, int evaluationWorkers) implements EngineTask {

    /** The name of a classifier's encoder model among the files. */
    public static final String ENCODER = "encoder";

    public Train {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(label, "label");
      files = new TreeMap<>(files);
      Objects.requireNonNull(outputDirectory, "outputDirectory");
      Objects.requireNonNull(checkpointDirectory, "checkpointDirectory");
      if (evaluationWorkers < 1) {
        throw new IllegalArgumentException("evaluationWorkers: expected at least 1, found " + evaluationWorkers);
      }
    }

    @Override
    public int threads() {
      return spec.threads();
    }

    @Override
    public Map<String, String> environment() {
      return EngineIdentity.isPortable(spec.engine()) ? EngineTask.portableThreads(threads()) : Map.of();
    }

    /** The path of the input file {@code name}. */
    public String file(String name) {
      String path = files.get(name);
      if (path == null) {
        throw new IllegalArgumentException("the task of " + label + " has no file " + name + "; it has "
            + files.keySet());
      }
      return path;
    }
  }

  /**
   * Evaluate trained stages on the test images.
   *
   * @param items the stages' models
   * @param testImages the test images file
   * @param testImagesSha256 its payload digest
   * @param testLabels the test labels file
   * @param threads the OpenMP thread count
   */
  record Evaluate(List<Item> items, String testImages, String testImagesSha256, String testLabels, int threads)
      implements EngineTask {

    public Evaluate {
      items = List.copyOf(items);
      Objects.requireNonNull(testImages, "testImages");
      Objects.requireNonNull(testImagesSha256, "testImagesSha256");
      Objects.requireNonNull(testLabels, "testLabels");
    }

    /** {@link EngineTask#portableThreads} where every stage to evaluate is a portable one. */
    @Override
    public Map<String, String> environment() {
      return !items.isEmpty() && items.stream().allMatch(item -> EngineIdentity.isPortable(item.spec().engine()))
          ? EngineTask.portableThreads(threads) : Map.of();
    }

    /**
     * One trained stage to measure.
     *
     * @param stage its name in logs and reports ("autoencoder", "lr-0.01/autoencoder")
     * @param spec the stage as trained (an autoencoder's spec also rebuilds the untrained network)
     * @param model the model file
     * @param modelSha256 its SHA-256
     */
    public record Item(String stage, StageSpec spec, String model, String modelSha256) {
      public Item {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelSha256, "modelSha256");
      }
    }
  }

}
