package io.github.fashionae.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Fingerprints;
import io.github.fashionae.stage.ModelContract;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.FileTrees;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs one training stage as a cached build step ({@link CachedSteps}): a stage whose fingerprint is in the cache
 * (and verifies) is copied out instead of trained; otherwise it trains in a forked JVM with per-epoch checkpoints
 * in the cache (a killed run resumes), its outputs are checksummed and described by a model card, and the result
 * is stored under its fingerprint. Runs in Maven's JVM and touches no DL4J class.
 */
public final class StageRunner {

  /** A stage's training, as the cache's log says it; a build that requires the remote cache must not do it. */
  public static final CachedSteps.Activity TRAINING = new CachedSteps.Activity("training", "up to date", "model",
      "retrained", "trained", true);

  private static final List<String> STORED = List.of(StageFiles.MODEL, StageFiles.MODEL_SHA256, StageFiles.ONNX,
      StageFiles.ONNX_SHA256, StageFiles.MODEL_CARD, StageFiles.HISTORY);
  /** The published models: their bytes must reproduce. */
  private static final List<String> MODELS = List.of(StageFiles.MODEL, StageFiles.ONNX);

  /**
   * How one run of a stage is done, which is not an input of the stage.
   *
   * @param name the stage's name in the log: "autoencoder", or "lr-0.01/autoencoder" in an experiment
   * @param outputDirectory the stage's folder
   * @param files where its input files lie, by name (see {@link EngineTask.Train#files()})
   * @param evaluationWorkers threads that evaluate after each epoch (see {@link EngineTask.Train#evaluationWorkers()})
   */
  public record Plan(String name, Path outputDirectory, Map<String, Path> files, int evaluationWorkers) {
    public Plan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(outputDirectory, "outputDirectory");
      files = Map.copyOf(files); // evaluationWorkers is checked by the EngineTask.Train made from it
    }
  }

  /**
   * What a stage run produced.
   *
   * @param fingerprint the stage's fingerprint
   * @param trained false when the stage came from the cache
   * @param modelSha256 the model archive's SHA-256
   * @param summary the training summary (history)
   */
  public record Result(String fingerprint, boolean trained, String modelSha256, TrainingSummary summary) {
  }

  private final StageCache cache;
  private final ForkedTraining training;
  private final BuildLog log;

  public StageRunner(StageCache cache, ForkedTraining training, BuildLog log) {
    this.cache = cache;
    this.training = training;
    this.log = log;
  }

  /** Provides the stage's outputs in the plan's folder, training only when needed. */
  public Result run(StageSpec spec, Plan plan, CachedSteps.Mode mode)
      throws IOException, ForkException, ReproducibilityException {
    SortedMap<String, String> inputs = spec.inputs();
    String fingerprint = Fingerprints.of(inputs);
    Path output = plan.outputDirectory();
    CachedSteps.Step step = new CachedSteps.Step(fingerprint, plan.name(), TRAINING, output,
        STORED, MODELS, entry -> problem(entry, fingerprint));
    CachedSteps.Outcome outcome = new CachedSteps(cache, log).run(List.of(step), mode, misses -> {
      explainMiss(step, output, inputs, misses.get(0), mode);
      SortedMap<String, String> files = new TreeMap<>();
      plan.files().forEach((name, path) -> files.put(name, path.toAbsolutePath().toString()));
      training.run(new EngineTask.Train(spec, plan.name(), files, output.toAbsolutePath().toString(),
          cache.checkpoints(fingerprint).toString(), plan.evaluationWorkers()));
      String modelSha256 = writeChecksum(output, StageFiles.MODEL, StageFiles.MODEL_SHA256);
      String onnxSha256 = writeChecksum(output, StageFiles.ONNX, StageFiles.ONNX_SHA256);
      AtomicFiles.write(output.resolve(StageFiles.MODEL_CARD), Json.pretty(modelCard(fingerprint, inputs, modelSha256,
          onnxSha256, TrainedStages.history(output))).getBytes(StandardCharsets.UTF_8));
    }, stored -> FileTrees.deleteTree(cache.checkpoints(fingerprint))).get(0);
    AtomicFiles.write(output.resolve(StageFiles.INPUTS), Json.pretty(inputs).getBytes(StandardCharsets.UTF_8));
    return new Result(fingerprint, outcome.computed(), StageCache.sha256(output.resolve(StageFiles.MODEL)),
        TrainedStages.history(output));
  }

  /**
   * Provides the stage's outputs in the plan's folder when the local or the remote cache holds them, without
   * training: empty when neither does (a stage another shard trains).
   */
  public Optional<Result> provide(StageSpec spec, Plan plan) throws IOException {
    SortedMap<String, String> inputs = spec.inputs();
    String fingerprint = Fingerprints.of(inputs);
    Path output = plan.outputDirectory();
    CachedSteps.Step step = new CachedSteps.Step(fingerprint, plan.name(), TRAINING, output,
        STORED, MODELS, entry -> problem(entry, fingerprint));
    if (new CachedSteps(cache, log).provide(step).isEmpty()) {
      return Optional.empty();
    }
    AtomicFiles.write(output.resolve(StageFiles.INPUTS), Json.pretty(inputs).getBytes(StandardCharsets.UTF_8));
    return Optional.of(new Result(fingerprint, false, StageCache.sha256(output.resolve(StageFiles.MODEL)),
        TrainedStages.history(output)));
  }

  /**
   * What is wrong with a stage entry whose checksums hold: its model card, checksum file or history naming other
   * bytes or other inputs than the entry's model and fingerprint.
   */
  static Optional<String> problem(Path entry, String fingerprint) throws IOException {
    String model = StageCache.sha256(entry.resolve(StageFiles.MODEL));
    String onnx = StageCache.sha256(entry.resolve(StageFiles.ONNX));
    for (String[] file : new String[][] {{StageFiles.MODEL, StageFiles.MODEL_SHA256, model},
        {StageFiles.ONNX, StageFiles.ONNX_SHA256, onnx}}) {
      String sums = Files.readString(entry.resolve(file[1]), StandardCharsets.UTF_8);
      if (!sums.startsWith(file[2] + "  ")) {
        return Optional.of(file[1] + " states " + sums.split(" ", 2)[0] + ", but " + file[0] + " has SHA-256 "
            + file[2]);
      }
    }
    JsonNode card;
    TrainingSummary history;
    try {
      card = Json.MAPPER.readTree(entry.resolve(StageFiles.MODEL_CARD).toFile());
      history = TrainedStages.history(entry);
    } catch (IOException e) {
      return Optional.of("unreadable: " + e.getMessage());
    }
    if (!model.equals(card.path("modelSha256").asText())) {
      return Optional.of(StageFiles.MODEL_CARD + " states modelSha256 " + card.path("modelSha256").asText()
          + ", but " + StageFiles.MODEL + " has SHA-256 " + model);
    }
    if (!onnx.equals(card.path("onnx").path("sha256").asText())) {
      return Optional.of(StageFiles.MODEL_CARD + " states onnx.sha256 " + card.path("onnx").path("sha256").asText()
          + ", but " + StageFiles.ONNX + " has SHA-256 " + onnx);
    }
    if (!fingerprint.equals(card.path("fingerprint").asText())) {
      return Optional.of(StageFiles.MODEL_CARD + " states fingerprint " + card.path("fingerprint").asText()
          + ", but the entry is " + fingerprint);
    }
    if (!fingerprint.equals(history.spec().fingerprint())) {
      return Optional.of(StageFiles.HISTORY + " describes a stage of fingerprint " + history.spec().fingerprint()
          + ", but the entry is " + fingerprint);
    }
    return Optional.empty();
  }

  /** Logs why the stage trains: the inputs that changed since the last build in this folder. */
  private void explainMiss(CachedSteps.Step step, Path output, Map<String, String> inputs, CachedSteps.Miss miss,
                           CachedSteps.Mode mode) {
    if (miss.audit()) {
      return; // said by the cache, with the audit's policy
    }
    if (miss.cached().isPresent()) {
      log.info(step.label() + ": in the cache, but retrained (" + (mode == CachedSteps.Mode.REDO ? "fashionae.force"
          : "fashionae.verifyReproducible") + ")");
      return;
    }
    Optional<Map<String, String>> previous = readInputs(output);
    if (previous.isEmpty()) {
      log.info(step.label() + ": not in the cache and no earlier build here; training");
      return;
    }
    List<String> changes = Fingerprints.changes(previous.get(), inputs);
    log.info(step.label() + ": not in the cache; changed since the last build: "
        + (changes.isEmpty() ? "nothing (the cache entry was removed)" : String.join(", ", changes)));
  }

  private static Optional<Map<String, String>> readInputs(Path output) {
    try {
      return Optional.of(Json.MAPPER.readValue(output.resolve(StageFiles.INPUTS).toFile(),
          new TypeReference<TreeMap<String, String>>() { }));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes {@code file}'s checksum file in the format of {@code sha256sum}; returns the SHA-256. */
  private static String writeChecksum(Path folder, String file, String checksumFile) throws IOException {
    String sha256 = StageCache.sha256(folder.resolve(file));
    AtomicFiles.write(folder.resolve(checksumFile), (sha256 + "  " + file + "\n").getBytes(StandardCharsets.UTF_8));
    return sha256;
  }

  /**
   * The model card: what a released model is, reproducibly (no times, no paths, sorted keys), and the contract a
   * consumer needs to use it: input, output, classes, and which engine reads which file.
   */
  static Map<String, Object> modelCard(String fingerprint, Map<String, String> inputs, String modelSha256,
                                       String onnxSha256, TrainingSummary summary) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    EpochRecord last = summary.last();
    metrics.put("epochs", last.epoch());
    metrics.put("trainLoss", last.trainLoss());
    metrics.put("trainLossEval", last.trainLossEval());
    metrics.put("validationLoss", last.validationLoss());
    if (last.validationAccuracy() != null) {
      metrics.put("trainAccuracy", last.trainAccuracy());
      metrics.put("validationAccuracy", last.validationAccuracy());
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("stage", summary.stage());
    card.put("fingerprint", fingerprint);
    card.put("inputs", new TreeMap<>(inputs));
    card.put("data", summary.dataDescription());
    card.put("trainExamples", summary.trainExamples());
    card.put("validationExamples", summary.validationExamples());
    card.put("finalMetrics", metrics);
    card.put("modelSha256", modelSha256);
    card.put("parametersSha256", summary.parametersSha256());
    card.put("engine", summary.engine());
    card.putAll(ModelContract.of(summary.spec().kind()).describe());
    card.put("dl4j", Map.of("file", StageFiles.MODEL, "version", EngineIdentity.DL4J_VERSION, "sha256", modelSha256,
        "load", "ModelSerializer.restoreMultiLayerNetwork(file): Deeplearning4j's own layers only (deeplearning4j-nn "
            + "and nd4j-native), with the updater's state"));
    card.put("onnx", Map.of("file", StageFiles.ONNX, "opset", StageFiles.ONNX_OPSET, "sha256", onnxSha256,
        "inputName", ModelContract.ONNX_INPUT, "outputName", ModelContract.ONNX_OUTPUT));
    return card;
  }
}
