package io.github.fashionae.evaluation;

import io.github.fashionae.cache.StageCache;
import io.github.fashionae.cache.StageInputs;
import io.github.fashionae.fetch.CacheLock;
import io.github.fashionae.training.ForkedJvm;
import io.github.fashionae.training.TrainerMain;
import io.github.fashionae.training.TrainingException;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.training.TrainingProtocol;
import io.github.fashionae.training.TrainingSummary;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Sha256;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates trained stages on the test images as a cached build step: each stage's evaluation is keyed by a
 * fingerprint of the model's SHA-256, the test data's digests, the engine and the evaluation code's revision;
 * those in the cache are copied out, the others are measured together in one forked JVM and stored. Each
 * stage folder receives {@code evaluation.json}. Runs in Maven's JVM and touches no DL4J class.
 */
public final class EvaluationRunner {

  /** A stage's test metrics, beside its model. */
  public static final String EVALUATION_FILE = "evaluation.json";

  /** Bump when a change alters what an evaluation computes. */
  public static final int EVALUATION_REVISION = 1;

  static final String MAIN_CLASS = "io.github.fashionae.evaluation.EvaluatorMain";

  /**
   * What to evaluate.
   *
   * @param stages the stage folders (each with model.zip and history.json from a training goal)
   * @param testImages the verified test images
   * @param testLabels their labels
   * @param threads OpenMP threads of the evaluation JVM
   * @param engine the engine's identity, part of every fingerprint
   * @param workDirectory where the evaluation JVM's job and log go
   * @param force evaluate even when the cache holds the result
   */
  public record Request(List<Path> stages, TrainingJob.DataFile testImages, TrainingJob.DataFile testLabels,
                        int threads, String engine, Path workDirectory, boolean force) {
    public Request {
      stages = List.copyOf(stages);
    }
  }

  private final StageCache cache;
  private final ForkedJvm jvm;
  private final BuildLog log;

  public EvaluationRunner(StageCache cache, ForkedJvm jvm, BuildLog log) {
    this.cache = cache;
    this.jvm = jvm;
    this.log = log;
  }

  /** The stages' evaluations, in the order of the request, measuring only those not in the cache. */
  public List<StageEvaluation> run(Request request) throws IOException, TrainingException {
    Map<Path, EvaluationJob.Item> items = new LinkedHashMap<>();
    Map<Path, String> fingerprints = new LinkedHashMap<>();
    for (Path stage : request.stages()) {
      EvaluationJob.Item item = item(stage);
      items.put(stage, item);
      fingerprints.put(stage, StageInputs.fingerprint(inputs(item, request)));
    }
    List<CacheLock> locks = new ArrayList<>();
    try {
      List<Path> missing = new ArrayList<>();
      java.util.Set<String> locked = new java.util.HashSet<>();
      for (Path stage : request.stages()) {
        String fingerprint = fingerprints.get(stage);
        if (locked.add(fingerprint)) {
          locks.add(cache.lock(fingerprint, "evaluating " + items.get(stage).stage()));
        }
        Optional<Path> cached = cache.lookup(fingerprint);
        if (cached.isPresent() && !request.force()) {
          StageCache.copyOut(cached.get(), stage);
          log.info(items.get(stage).stage() + " " + fingerprint.substring(0, 12) + ": evaluation up to date (from "
              + "the cache " + cached.get() + ")");
        } else {
          missing.add(stage);
        }
      }
      if (!missing.isEmpty()) {
        evaluate(missing, items, request, fingerprints);
      }
    } finally {
      for (CacheLock lock : locks) {
        lock.close();
      }
    }
    List<StageEvaluation> results = new ArrayList<>();
    for (Path stage : request.stages()) {
      results.add(read(stage.resolve(EVALUATION_FILE)));
    }
    return results;
  }

  private void evaluate(List<Path> stages, Map<Path, EvaluationJob.Item> items, Request request,
                        Map<Path, String> fingerprints) throws IOException, TrainingException {
    EvaluationJob job = new EvaluationJob(stages.stream().map(items::get).toList(), request.testImages(),
        request.testLabels(), request.threads());
    log.info("Evaluating " + String.join(", ", job.items().stream().map(EvaluationJob.Item::stage).toList())
        + " on the test images (" + request.testImages().name() + ")");
    Path work = Files.createDirectories(request.workDirectory());
    Path jobFile = work.resolve("evaluation-job.json");
    AtomicFiles.write(jobFile, TrainingProtocol.prettyJson(job).getBytes(StandardCharsets.UTF_8));
    String done = jvm.run("Evaluation", MAIN_CLASS, jobFile, work.resolve("evaluation.log"), request.threads(),
        (event, payload) -> log.info(payload));
    List<StageEvaluation> results = TrainingProtocol.JSON.readValue(done, new TypeReference<List<StageEvaluation>>() {
    });
    if (results.size() != stages.size()) {
      throw new TrainingException("Evaluation returned " + results.size() + " results for " + stages.size()
          + " stages");
    }
    for (int i = 0; i < stages.size(); i++) {
      Path stage = stages.get(i);
      AtomicFiles.write(stage.resolve(EVALUATION_FILE), TrainingProtocol.prettyJson(results.get(i))
          .getBytes(StandardCharsets.UTF_8));
      cache.store(fingerprints.get(stage), stage, List.of(EVALUATION_FILE));
    }
  }

  /** The item for a stage folder: its kind and model from history.json, the model's digest from the file. */
  static EvaluationJob.Item item(Path stage) throws IOException {
    Path history = stage.resolve(TrainerMain.HISTORY_FILE);
    Path model = stage.resolve(TrainerMain.MODEL_FILE);
    if (!Files.isRegularFile(history) || !Files.isRegularFile(model)) {
      throw new IOException("expected a trained stage in " + stage + " (" + TrainerMain.MODEL_FILE + " and "
          + TrainerMain.HISTORY_FILE + "), found " + (Files.isDirectory(stage) ? "an incomplete folder" : "none"));
    }
    TrainingSummary summary = TrainedStages.history(stage);
    TrainingJob trained = summary.job();
    boolean autoencoder = trained.kind() == TrainingJob.Kind.AUTOENCODER;
    return new EvaluationJob.Item(TrainedStages.name(stage), trained.kind(), model.toAbsolutePath().toString(),
        Sha256.ofFile(model), autoencoder ? trained.autoencoder() : null, autoencoder ? trained.settings() : null);
  }

  /** Every input of one evaluation, by name: what its fingerprint covers. */
  static SortedMap<String, String> inputs(EvaluationJob.Item item, Request request) {
    SortedMap<String, String> inputs = new TreeMap<>();
    inputs.put("evaluation.revision", Integer.toString(EVALUATION_REVISION));
    inputs.put("engine", request.engine());
    inputs.put("threads", Integer.toString(request.threads()));
    inputs.put("stage", item.stage());
    inputs.put("kind", item.kind().name());
    inputs.put("model.sha256", item.modelSha256());
    inputs.put("test.images.sha256", request.testImages().sha256());
    inputs.put("test.labels.sha256", request.testLabels().sha256());
    if (item.autoencoder() != null) {
      inputs.put("untrained.autoencoder", TrainingProtocol.json(item.autoencoder()));
      inputs.put("untrained.settings", TrainingProtocol.json(item.settings()));
    }
    return inputs;
  }

  /** Reads an evaluation.json. */
  public static StageEvaluation read(Path file) throws IOException {
    return TrainingProtocol.JSON.readValue(file.toFile(), StageEvaluation.class);
  }
}
