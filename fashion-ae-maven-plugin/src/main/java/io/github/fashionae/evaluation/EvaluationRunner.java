package io.github.fashionae.evaluation;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.DatasetDigest;
import io.github.fashionae.stage.Fingerprints;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.training.BuildDataset;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates trained stages on the test images as cached build steps ({@link CachedSteps}): each stage's
 * evaluation is keyed by a fingerprint of the model's SHA-256, the test data's digests, the engine and the
 * evaluation code's revision; those in the cache are copied out, the others are measured together in one
 * forked JVM and stored. Each stage folder receives {@code evaluation.json}. Runs in Maven's JVM and touches
 * no DL4J class.
 */
public final class EvaluationRunner {

  /** A stage's evaluation, as the cache's log says it; cheap, so it runs even where the remote cache is required. */
  static final CachedSteps.Activity EVALUATION = new CachedSteps.Activity("evaluating", "evaluation up to date",
      "evaluation", "repeated", "evaluated", false);

  /**
   * Bump when a change alters what an evaluation computes. 2: the test images are evaluated in batches of 100
   * instead of 1,000 (the same values but for their last bits). 3: a classifier's evaluation holds its prediction for
   * every test image (for McNemar's test against a release).
   */
  public static final int EVALUATION_REVISION = 3;

  /**
   * One model to evaluate: a trained stage of this build, or a released one.
   *
   * @param name the stage's name in the log and in its evaluation, e.g. "classifier-finetune"
   * @param spec what the stage is (its kind, engine and, for an autoencoder, the untrained network's inputs)
   * @param model its {@code model.zip}
   * @param folder where its {@code evaluation.json} goes
   */
  public record Subject(String name, StageSpec spec, Path model, Path folder) {
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(folder, "folder");
    }

    /** A trained stage's folder (model.zip and history.json from a training goal), evaluated into itself. */
    public static Subject of(Path stage) throws IOException {
      Path history = stage.resolve(StageFiles.HISTORY);
      Path model = stage.resolve(StageFiles.MODEL);
      if (!Files.isRegularFile(history) || !Files.isRegularFile(model)) {
        throw new IOException("expected a trained stage in " + stage + " (" + StageFiles.MODEL + " and "
            + StageFiles.HISTORY + "), found " + (Files.isDirectory(stage) ? "an incomplete folder" : "none"));
      }
      return new Subject(TrainedStages.name(stage), TrainedStages.history(stage).spec(), model, stage);
    }
  }

  /**
   * What to evaluate.
   *
   * @param subjects the models
   * @param dataset the build's verified dataset (its test images and labels are used)
   * @param threads OpenMP threads of the evaluation JVM
   * @param engine the engine's identity, part of every fingerprint
   * @param workDirectory where the evaluation JVM's job and log go
   * @param force evaluate even when the cache holds the result
   */
  public record Request(List<Subject> subjects, BuildDataset dataset, int threads, String engine,
                        Path workDirectory, boolean force) {
    public Request {
      subjects = List.copyOf(subjects);
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
  public List<StageEvaluation> run(Request request) throws IOException, ForkException {
    List<EngineTask.Evaluate.Item> items = new ArrayList<>();
    List<CachedSteps.Step> steps = new ArrayList<>();
    for (Subject subject : request.subjects()) {
      EngineTask.Evaluate.Item item = item(subject);
      items.add(item);
      steps.add(new CachedSteps.Step(Fingerprints.of(inputs(item, request)), item.stage(),
          EVALUATION, subject.folder(), List.of(StageFiles.EVALUATION), List.of(StageFiles.EVALUATION),
          entry -> problem(entry, item)));
    }
    try {
      new CachedSteps(cache, log).run(steps, request.force() ? CachedSteps.Mode.REDO : CachedSteps.Mode.REUSE,
          misses -> evaluate(misses.stream().map(m -> items.get(steps.indexOf(m.step()))).toList(),
              misses.stream().map(m -> m.step().output()).toList(), request));
    } catch (ReproducibilityException e) {
      throw new IllegalStateException("evaluations are never verified", e);
    }
    List<StageEvaluation> results = new ArrayList<>();
    for (Subject subject : request.subjects()) {
      results.add(read(subject.folder().resolve(StageFiles.EVALUATION)));
    }
    return results;
  }

  private void evaluate(List<EngineTask.Evaluate.Item> items, List<Path> stages, Request request)
      throws IOException, ForkException {
    DatasetDigest images = request.dataset().digest(FashionMnist.TEST_IMAGES.name());
    EngineTask.Evaluate task = new EngineTask.Evaluate(items,
        request.dataset().file(FashionMnist.TEST_IMAGES.name()).toAbsolutePath().toString(), images.sha256(),
        request.dataset().file(FashionMnist.TEST_LABELS.name()).toAbsolutePath().toString(), request.threads());
    log.info("Evaluating " + String.join(", ", items.stream().map(EngineTask.Evaluate.Item::stage).toList())
        + " on the test images (" + images.name() + ")");
    Path work = Files.createDirectories(request.workDirectory());
    String done = jvm.run("Evaluation", task, work.resolve("evaluation-job.json"), work.resolve("evaluation.log"),
        (event, payload) -> log.info(payload));
    List<StageEvaluation> results = Json.MAPPER.readValue(done, new TypeReference<List<StageEvaluation>>() { });
    if (results.size() != stages.size()) {
      throw new ForkException("Evaluation returned " + results.size() + " results for " + stages.size() + " stages");
    }
    for (int i = 0; i < stages.size(); i++) {
      AtomicFiles.write(stages.get(i).resolve(StageFiles.EVALUATION), Json.pretty(results.get(i))
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What is wrong with an evaluation entry whose checksums hold: one that measured another model. */
  static Optional<String> problem(Path entry, EngineTask.Evaluate.Item item) throws IOException {
    String measured;
    try {
      measured = read(entry.resolve(StageFiles.EVALUATION)).modelSha256();
    } catch (IOException e) {
      return Optional.of("unreadable: " + e.getMessage());
    }
    return item.modelSha256().equals(measured) ? Optional.empty() : Optional.of(StageFiles.EVALUATION
        + " measured the model of SHA-256 " + measured + ", but " + item.stage() + "'s model has "
        + item.modelSha256());
  }

  /** The engine's item for a subject: its spec, and the model's digest from the file. */
  static EngineTask.Evaluate.Item item(Subject subject) throws IOException {
    return new EngineTask.Evaluate.Item(subject.name(), subject.spec(), subject.model().toAbsolutePath().toString(),
        Sha256.ofFile(subject.model()));
  }

  /** Every input of one evaluation, by name: what its fingerprint covers. */
  static SortedMap<String, String> inputs(EngineTask.Evaluate.Item item, Request request) {
    SortedMap<String, String> inputs = new TreeMap<>();
    inputs.put("evaluation.revision", Integer.toString(EVALUATION_REVISION));
    inputs.put("engine", request.engine());
    inputs.put("threads", Integer.toString(request.threads()));
    inputs.put("stage", item.stage());
    inputs.put("kind", item.spec().kind().name());
    inputs.put("model.sha256", item.modelSha256());
    inputs.put("test.images.sha256", request.dataset().digest(FashionMnist.TEST_IMAGES.name()).sha256());
    inputs.put("test.labels.sha256", request.dataset().digest(FashionMnist.TEST_LABELS.name()).sha256());
    if (item.spec() instanceof AutoencoderStage autoencoder) {
      inputs.put("untrained.autoencoder", Json.compact(autoencoder.autoencoder()));
      inputs.put("untrained.settings", Json.compact(autoencoder.settings()));
    }
    return inputs;
  }

  /** Reads an evaluation.json. */
  public static StageEvaluation read(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), StageEvaluation.class);
  }
}
