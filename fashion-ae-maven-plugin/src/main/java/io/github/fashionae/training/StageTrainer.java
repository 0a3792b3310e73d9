package io.github.fashionae.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.fashionae.fork.EnginePlatform;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.remote.HttpRemoteCache;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import io.github.fashionae.util.Json;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The training goals' orchestrator: provides an autoencoder stage, or a classifier stage on a trained encoder, in
 * a stage folder, from the cache or by training it in a forked JVM ({@link StageRunner}). The stage's name in
 * the log comes from its folder ({@link TrainedStages#name(Path)}). Runs in Maven's JVM.
 */
public final class StageTrainer {

  private final TrainingRequest request;
  private final BuildInputs build;
  private final BuildDataset dataset;
  private final StageCache cache;
  private final BuildLog log;
  private final ForkedTraining training;
  private final StageRunner runner;
  private final int stagesAtOnce;

  /** The most threads a training JVM evaluates with: each holds a copy of the network and a minibatch's activations. */
  static final int MAX_EVALUATION_WORKERS = 4;

  private StageTrainer(TrainingRequest request, BuildInputs build, BuildDataset dataset, StageCache cache,
                       BuildLog log, ForkedTraining training, int stagesAtOnce) {
    this.request = request;
    this.dataset = dataset;
    this.build = build;
    this.cache = cache;
    this.log = log;
    this.training = training;
    this.runner = new StageRunner(cache, training, log);
    this.stagesAtOnce = stagesAtOnce;
  }

  /**
   * A trainer for {@code request}, once its dataset manifest is read and checked and the engine has said which
   * kernels it runs on this machine ({@link EnginePlatform}), which joins the engine's identity in every stage's
   * fingerprint.
   *
   * @throws IOException when the manifest cannot be read, or does not name the verified files
   * @throws ForkException when the engine's platform probe fails
   */
  public static StageTrainer of(TrainingRequest request, BuildLog log) throws IOException, ForkException {
    BuildDataset dataset = BuildDataset.read(request.manifest());
    String engine = EngineIdentity.isPortable(request.engine()) ? request.engine()
        : EngineIdentity.onPlatform(request.engine(), EnginePlatform.of(request.fork(), log).identity());
    BuildInputs build = new BuildInputs(dataset.digests(), request.data(), request.threads(), engine,
        request.archiveTime());
    StageCache cache = new StageCache(request.cacheDirectory(), log, HttpRemoteCache.of(request.remote(), log));
    return new StageTrainer(request, build, dataset, cache, log, new ForkedTraining(request.fork(), log), 1);
  }

  /** This trainer, telling {@code listener} about every finished epoch (one per experiment, say). */
  public StageTrainer withEpochListener(ForkedTraining.EpochListener listener) {
    return new StageTrainer(request, build, dataset, cache, log, new ForkedTraining(request.fork(), log, listener),
        stagesAtOnce);
  }

  /**
   * This trainer, for a caller that trains up to {@code stages} stages at once: they share the machine's cores, so
   * none evaluates on cores another one trains on.
   */
  public StageTrainer sharingCoresWith(int stages) {
    return new StageTrainer(request, build, dataset, cache, log, training, Math.max(1, stages));
  }

  /**
   * How many threads a stage's training JVM evaluates with after each epoch: the cores left to it beyond its own
   * {@code threads}, when {@code stagesAtOnce} stages share {@code cores}, one thread each at least and
   * {@link #MAX_EVALUATION_WORKERS} at most. The numbers do not depend on it.
   */
  static int evaluationWorkers(int cores, int threads, int stagesAtOnce) {
    return Math.max(1, Math.min(MAX_EVALUATION_WORKERS, cores / (threads * stagesAtOnce)));
  }

  /** The autoencoder stage of {@code shape} and {@code settings} in this build: its inputs and fingerprint. */
  public AutoencoderStage autoencoderStage(AutoencoderSpec shape, TrainingSettings settings) {
    return AutoencoderStage.of(shape, settings, build);
  }

  /** The classifier stage in {@code mode} on the encoder of {@code encoderSha256} in this build. */
  public ClassifierStage classifierStage(ClassifierMode mode, String encoderSha256, TrainingSettings settings) {
    return ClassifierStage.of(mode, encoderSha256, settings, build);
  }

  /** Where the stage's entry is (this machine's cache, the remote one, neither), and its model's SHA-256. */
  public StageCache.Located locate(StageSpec spec) throws IOException {
    return cache.locate(spec.fingerprint(), StageFiles.MODEL);
  }

  /** Provides the autoencoder of {@code shape} in {@code directory}. */
  public StageRunner.Result autoencoder(Path directory, AutoencoderSpec shape, TrainingSettings settings)
      throws IOException, ForkException, ReproducibilityException {
    return run(AutoencoderStage.of(shape, settings, build), directory, dataset.files());
  }

  /**
   * Provides the classifier in {@code mode} on the encoder of {@code encoderModel} in {@code directory}.
   *
   * @throws IOException when the encoder model is not there (naming it)
   */
  public StageRunner.Result classifier(Path directory, Path encoderModel, ClassifierMode mode,
                                       TrainingSettings settings)
      throws IOException, ForkException, ReproducibilityException {
    requireEncoder(encoderModel);
    Map<String, Path> files = new HashMap<>(dataset.files());
    files.put(EngineTask.Train.ENCODER, encoderModel);
    return run(ClassifierStage.of(mode, Sha256.ofFile(encoderModel), settings, build), directory, files);
  }

  /** The autoencoder of {@code shape} in {@code directory} when a cache holds it, without training; else empty. */
  public Optional<StageRunner.Result> provideAutoencoder(Path directory, AutoencoderSpec shape,
                                                         TrainingSettings settings) throws IOException {
    return provide(AutoencoderStage.of(shape, settings, build), directory, dataset.files());
  }

  /**
   * The classifier in {@code mode} on the encoder of {@code encoderModel} in {@code directory} when a cache holds
   * it, without training; else (or without the encoder) empty.
   */
  public Optional<StageRunner.Result> provideClassifier(Path directory, Path encoderModel, ClassifierMode mode,
                                                        TrainingSettings settings) throws IOException {
    if (!Files.isRegularFile(encoderModel)) {
      return Optional.empty();
    }
    Map<String, Path> files = new HashMap<>(dataset.files());
    files.put(EngineTask.Train.ENCODER, encoderModel);
    return provide(ClassifierStage.of(mode, Sha256.ofFile(encoderModel), settings, build), directory, files);
  }

  private Optional<StageRunner.Result> provide(StageSpec spec, Path directory, Map<String, Path> files)
      throws IOException {
    return runner.provide(spec, new StageRunner.Plan(TrainedStages.name(directory), directory, files, 1));
  }

  /**
   * A classifier stage to provide: its folder and mode.
   *
   * @param directory the stage's folder
   * @param mode its mode
   */
  public record ClassifierCall(Path directory, ClassifierMode mode) {
  }

  /** How a stage's provision ended: its result, or what it threw. */
  public record Attempt(StageRunner.Result result, Exception failure) {

    /** The result, or the failure rethrown. */
    public StageRunner.Result get() throws IOException, ForkException, ReproducibilityException {
      rethrow(failure);
      return result;
    }
  }

  /**
   * Throws {@code failure} (from a stage run on another thread) as the exception it is, when it is one a stage
   * run throws; any other checked exception wrapped; nothing when it is null.
   */
  public static void rethrow(Exception failure) throws IOException, ForkException, ReproducibilityException {
    if (failure instanceof IOException e) {
      throw e;
    } else if (failure instanceof ForkException e) {
      throw e;
    } else if (failure instanceof ReproducibilityException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /**
   * Provides the classifiers of {@code calls} on one encoder, up to {@code parallel} of them at once, each in its
   * own forked JVM with the stage's thread count (so the bytes are the same whatever the parallelism). Every
   * call finishes, failed or not, before this returns: nothing is left training.
   *
   * @return one attempt per call, in order
   */
  public List<Attempt> classifiers(List<ClassifierCall> calls, Path encoderModel, TrainingSettings settings,
                                   int parallel) throws IOException {
    requireEncoder(encoderModel);
    StageTrainer shared = sharingCoresWith(Math.min(parallel, calls.size()));
    List<Callable<StageRunner.Result>> work = new ArrayList<>();
    for (ClassifierCall call : calls) {
      work.add(() -> shared.classifier(call.directory(), encoderModel, call.mode(), settings));
    }
    List<Attempt> attempts = new ArrayList<>();
    if (parallel <= 1 || calls.size() <= 1) {
      for (Callable<StageRunner.Result> one : work) {
        attempts.add(attempt(one));
      }
      return attempts;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, calls.size()), runnable -> {
      Thread thread = new Thread(runnable, "fashion-ae-classifier");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Attempt>> futures = new ArrayList<>();
      for (Callable<StageRunner.Result> one : work) {
        futures.add(pool.submit(() -> attempt(one)));
      }
      for (Future<Attempt> future : futures) {
        attempts.add(await(future));
      }
      return attempts;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Attempt attempt(Callable<StageRunner.Result> work) {
    try {
      return new Attempt(work.call(), null);
    } catch (Exception e) {
      return new Attempt(null, e);
    }
  }

  private static Attempt await(Future<Attempt> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the classifiers train");
    } catch (ExecutionException e) {
      return new Attempt(null, e.getCause() instanceof Exception cause ? cause : e);
    }
  }

  /** The stage's network and settings in words: "latent size 64, adam lr 0.001, dropout 0.2, batch 100, ...". */
  static String describe(StageSpec spec) {
    TrainingSettings s = spec.settings();
    String network = spec instanceof AutoencoderStage a ? "latent size " + a.autoencoder().latentSize()
        + (a.autoencoder().linearBottleneck() ? "" : ", no linear bottleneck")
        : ((ClassifierStage) spec).mode().label() + " encoder";
    return String.format(Locale.ROOT, "%s, %s lr %s, dropout %s, batch %d, %d epochs, seed %d", network,
        s.optimizer().label(), s.learningRate(), s.dropout(), s.batchSize(), s.epochs(), s.seed());
  }

  /**
   * Checks that a classifier's encoder model is there, before any work.
   *
   * @throws InvalidParameterException naming {@code encoderModel}, what it expects and what is there instead
   * @throws IOException when the file cannot be read
   */
  public static void requireEncoder(Path encoderModel) throws IOException {
    String expected = "the model.zip of a trained autoencoder, as train-autoencoder writes it (to "
        + "target/fashion-ae/autoencoder/model.zip), at " + encoderModel;
    if (!Files.isRegularFile(encoderModel)) {
      throw new InvalidParameterException("encoderModel", expected, "no file (train-autoencoder runs first)");
    }
    Optional<String> found = encoderProblem(encoderModel);
    if (found.isPresent()) {
      throw new InvalidParameterException("encoderModel", expected, found.get());
    }
  }

  /**
   * What {@code model} is when it is not a DL4J autoencoder's archive, read without DL4J (in Maven's JVM, before
   * any engine JVM starts): not a zip, a zip without a network configuration, or another network.
   */
  static Optional<String> encoderProblem(Path model) throws IOException {
    JsonNode configuration;
    try (ZipFile zip = new ZipFile(model.toFile())) {
      ZipEntry entry = zip.getEntry("configuration.json");
      if (entry == null || zip.getEntry("coefficients.bin") == null) {
        return Optional.of("a zip archive without DL4J's configuration.json and coefficients.bin");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        configuration = Json.MAPPER.readTree(in);
      } catch (JsonProcessingException e) {
        return Optional.of("a zip archive whose configuration.json is not JSON");
      }
    } catch (ZipException e) {
      return Optional.of("a file that is not a zip archive");
    }
    List<String> layers = new ArrayList<>();
    for (JsonNode conf : configuration.path("confs")) {
      String type = conf.path("layer").path("@class").asText("");
      layers.add(type.substring(type.lastIndexOf('.') + 1));
    }
    if (layers.isEmpty()) {
      return Optional.of("a zip archive whose configuration.json is not a DL4J multi-layer network's");
    }
    if (!layers.contains("Deconvolution2D") || !layers.get(layers.size() - 1).equals("LossLayer")) {
      return Optional.of("another network (" + layers.size() + " layers, ending in " + layers.get(layers.size() - 1)
          + (layers.get(layers.size() - 1).equals("OutputLayer") ? ": a classifier" : "") + "), not an autoencoder "
          + "that decodes with Deconvolution2D layers into a LossLayer");
    }
    return Optional.empty();
  }

  private StageRunner.Result run(StageSpec spec, Path directory, Map<String, Path> files)
      throws IOException, ForkException, ReproducibilityException {
    log.info("Stage " + TrainedStages.name(directory) + " (" + describe(spec) + ")");
    int workers = evaluationWorkers(Runtime.getRuntime().availableProcessors(), request.threads(), stagesAtOnce);
    StageRunner.Result result = runner.run(spec, new StageRunner.Plan(TrainedStages.name(directory), directory,
        files, workers), request.mode());
    if (result.trained()) {
      log.info(String.format(Locale.ROOT, "%s trained in %s: validation loss %.5f%s; model %s (SHA-256 %s)",
          TrainedStages.name(directory), Durations.format(result.summary().trainingSeconds()),
          result.summary().last().validationLoss(), result.summary().last().validationAccuracy() == null ? ""
              : String.format(Locale.ROOT, ", validation accuracy %.4f", result.summary().last().validationAccuracy()),
          directory.resolve(StageFiles.MODEL), result.modelSha256()));
    }
    return result;
  }
}
