package io.github.fashionae.training;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.fashionae.cache.StageCache;
import io.github.fashionae.cache.StageInputs;
import io.github.fashionae.fetch.CacheLock;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs one training stage as a cached build step: a stage whose fingerprint is in the cache (and verifies)
 * is copied out instead of trained; otherwise it trains in a forked JVM with per-epoch checkpoints in the
 * cache (a killed run resumes), its outputs are checksummed and described by a model card, and the result
 * is stored under its fingerprint. Runs in Maven's JVM and touches no DL4J class.
 */
public final class StageRunner {

  /** Checksum of the model archive, in the format of {@code sha256sum}. */
  public static final String MODEL_SHA256 = TrainerMain.MODEL_FILE + ".sha256";
  /** Every input, the fingerprint, final metrics and digests: sorted keys, no timestamps. */
  public static final String MODEL_CARD = "model-card.json";
  /** The inputs of the last build of this stage, for "what changed" diagnostics. */
  public static final String INPUTS_FILE = "inputs.json";

  private static final List<String> STORED = List.of(TrainerMain.MODEL_FILE, MODEL_SHA256, MODEL_CARD,
      TrainerMain.HISTORY_FILE);

  /**
   * How to treat the cache.
   *
   * @param force retrain even when the cache holds the stage, and replace the entry
   * @param verifyReproducible retrain and fail when the new model's checksum differs from the cached one
   */
  public record Options(boolean force, boolean verifyReproducible) {
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

  /** Provides the job's outputs in its output directory, training only when needed. */
  public Result run(TrainingJob job, Options options) throws IOException, TrainingException, ReproducibilityException {
    SortedMap<String, String> inputs = StageInputs.of(job);
    String fingerprint = StageInputs.fingerprint(inputs);
    String label = job.name() + " " + fingerprint.substring(0, 12);
    Path output = Path.of(job.outputDirectory());
    try (CacheLock lock = cache.lock(fingerprint, job.name())) {
      Optional<Path> cached = cache.lookup(fingerprint);
      if (cached.isPresent() && !options.force() && !options.verifyReproducible()) {
        StageCache.copyOut(cached.get(), output);
        writeInputs(output, inputs);
        log.info(label + ": up to date (from the cache " + cached.get() + ")");
        return result(fingerprint, false, output);
      }
      explainMiss(label, output, inputs, cached.isPresent(), options);
      training.run(job.withRun(cache.checkpoints(fingerprint).toString(), job.haltAfterEpoch()));
      String modelSha256 = StageCache.sha256(output.resolve(TrainerMain.MODEL_FILE));
      AtomicFiles.write(output.resolve(MODEL_SHA256),
          (modelSha256 + "  " + TrainerMain.MODEL_FILE + "\n").getBytes(StandardCharsets.UTF_8));
      TrainingSummary summary = readSummary(output);
      AtomicFiles.write(output.resolve(MODEL_CARD), TrainingProtocol.prettyJson(
          modelCard(fingerprint, inputs, modelSha256, summary)).getBytes(StandardCharsets.UTF_8));
      if (options.verifyReproducible() && cached.isPresent()) {
        String before = StageCache.sha256(cached.get().resolve(TrainerMain.MODEL_FILE));
        if (!before.equals(modelSha256)) {
          throw new ReproducibilityException(String.format(Locale.ROOT, "%s is not reproducible: the cached model "
              + "has SHA-256 %s, the retrained model %s (%s)", label, before, modelSha256, output));
        }
        log.info(label + ": reproducible, the retrained model's SHA-256 equals the cached one (" + modelSha256 + ")");
      }
      cache.store(fingerprint, output, STORED);
      FileTrees.deleteTree(cache.checkpoints(fingerprint));
      writeInputs(output, inputs);
      return new Result(fingerprint, true, modelSha256, summary);
    }
  }

  /** Logs why the stage trains: the inputs that changed since the last build in this folder. */
  private void explainMiss(String label, Path output, Map<String, String> inputs, boolean cached, Options options) {
    if (cached) {
      log.info(label + ": in the cache, but retrained (" + (options.force() ? "fashionae.force"
          : "fashionae.verifyReproducible") + ")");
      return;
    }
    Optional<Map<String, String>> previous = readInputs(output);
    if (previous.isEmpty()) {
      log.info(label + ": not in the cache and no earlier build here; training");
      return;
    }
    List<String> changes = StageInputs.changes(previous.get(), inputs);
    log.info(label + ": not in the cache; changed since the last build: "
        + (changes.isEmpty() ? "nothing (the cache entry was removed)" : String.join(", ", changes)));
  }

  private static Optional<Map<String, String>> readInputs(Path output) {
    try {
      return Optional.of(TrainingProtocol.JSON.readValue(output.resolve(INPUTS_FILE).toFile(),
          new TypeReference<TreeMap<String, String>>() { }));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writeInputs(Path output, Map<String, String> inputs) throws IOException {
    AtomicFiles.write(output.resolve(INPUTS_FILE), TrainingProtocol.prettyJson(inputs)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static TrainingSummary readSummary(Path output) throws IOException {
    return TrainingProtocol.JSON.readValue(output.resolve(TrainerMain.HISTORY_FILE).toFile(), TrainingSummary.class);
  }

  private static Result result(String fingerprint, boolean trained, Path output) throws IOException {
    String modelSha256 = StageCache.sha256(output.resolve(TrainerMain.MODEL_FILE));
    return new Result(fingerprint, trained, modelSha256, readSummary(output));
  }

  /** The model card: what a released model is, reproducibly (no times, sorted keys). */
  static Map<String, Object> modelCard(String fingerprint, Map<String, String> inputs, String modelSha256,
                                       TrainingSummary summary) {
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
    return card;
  }
}
