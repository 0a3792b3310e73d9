package io.github.fashionae.release;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.DatasetDigest;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.ModelCard;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.training.BuildDataset;
import io.github.fashionae.training.ForkedTraining;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.FileTrees;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verify-release goal's service: rebuilds released stages from the inputs their model cards record (dataset
 * digests, settings, seed, engine revision, the encoder by its digest) and compares the rebuilt {@code model.zip}
 * and {@code model.onnx} with the released ones, byte for byte through SHA-256. Nothing is taken from a cache: each
 * stage trains in a forked JVM into a folder of its own, with a cache of its own (only so that a killed rebuild
 * resumes from its checkpoints), and no entry of the user's or the remote cache is read or written. A classifier's
 * encoder is the autoencoder rebuilt beside it when it has the card's digest, else the released one. Runs in Maven's
 * JVM and touches no DL4J class.
 */
public final class ReleaseRebuild {

  /**
   * What to rebuild.
   *
   * @param release the release and its stages (an autoencoder there serves as the encoder of a classifier rebuilt)
   * @param stages the names of the stages to rebuild, all of them when empty
   * @param manifest fetch-dataset's manifest: the data must be the data the cards name
   * @param engine this build's engine identity, said beside the release's when they differ
   * @param workDirectory where the rebuilt stages go, one folder each, and their private cache
   * @param fork how to start the engine JVM
   */
  public record Request(Release release, List<String> stages, Path manifest, String engine, Path workDirectory,
                        ForkedJvm.Fork fork) {
    public Request {
      Objects.requireNonNull(release, "release");
      stages = List.copyOf(stages);
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(workDirectory, "workDirectory");
      Objects.requireNonNull(fork, "fork");
    }
  }

  /**
   * One stage rebuilt.
   *
   * @param stage its name
   * @param folder where its rebuilt files are
   * @param releasedModel the released {@code model.zip}'s SHA-256
   * @param rebuiltModel the rebuilt one's
   * @param releasedOnnx the released {@code model.onnx}'s SHA-256
   * @param rebuiltOnnx the rebuilt one's
   */
  public record Rebuilt(String stage, Path folder, String releasedModel, String rebuiltModel, String releasedOnnx,
                        String rebuiltOnnx) {

    /** True when both files have the released bytes. */
    public boolean same() {
      return releasedModel.equals(rebuiltModel) && releasedOnnx.equals(rebuiltOnnx);
    }
  }

  private ReleaseRebuild() {
  }

  /**
   * Rebuilds every stage of the release, autoencoders first, and compares.
   *
   * @return each stage's digests, in the order rebuilt
   * @throws ReproducibilityException when a rebuilt file differs from the released one (after every stage ran)
   * @throws IOException when a released file is not what its card says, the data is not the card's, or the
   *     release lacks a classifier's encoder
   */
  public static List<Rebuilt> run(Request request, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    for (String name : request.stages()) {
      if (request.release().stage(name).isEmpty()) {
        throw new IOException("Release " + request.release().coordinates() + ": expected a published " + name
            + ", found " + String.join(", ", request.release().stages().stream().map(Release.Stage::name).toList()));
      }
    }
    BuildDataset dataset = BuildDataset.read(request.manifest());
    List<Release.Stage> stages = new ArrayList<>(request.release().stages());
    stages.sort(Comparator.comparing((Release.Stage s) -> s.card().inputs().get("kind")
        .equals(StageKind.AUTOENCODER.label()) ? 0 : 1));
    Map<String, Path> encoders = new HashMap<>(); // model digest -> file, of autoencoders rebuilt or released
    for (Release.Stage stage : stages) {
      stage.check(request.release().coordinates());
      if (stage.card().encoderSha256().isEmpty()) {
        encoders.put(stage.card().modelSha256(), stage.model());
      }
    }
    StageCache privateCache = new StageCache(request.workDirectory().resolve("cache"), log);
    StageRunner runner = new StageRunner(privateCache, new ForkedTraining(request.fork(), log), log);
    List<Rebuilt> rebuilt = new ArrayList<>();
    for (Release.Stage stage : stages) {
      if (!request.stages().isEmpty() && !request.stages().contains(stage.name())) {
        continue;
      }
      ModelCard card = stage.card();
      StageSpec spec = card.spec();
      checkData(stage, spec, dataset);
      Map<String, Path> files = new HashMap<>(dataset.files());
      if (spec instanceof ClassifierStage classifier) {
        Path encoder = encoders.get(classifier.encoderModelSha256());
        if (encoder == null) {
          throw new IOException("Release " + request.release().coordinates() + "'s " + stage.name() + ": expected "
              + "the autoencoder its encoder comes from (model SHA-256 " + classifier.encoderModelSha256()
              + ") among the release's stages, found " + (encoders.isEmpty() ? "none"
              : String.join(", ", encoders.keySet())) + "; verify the release's autoencoder with it");
        }
        files.put(EngineTask.Train.ENCODER, encoder);
      }
      log.info("Rebuilding " + request.release().coordinates() + " " + stage.name() + " from the inputs of its "
          + "model card (fingerprint " + card.fingerprint() + "):");
      card.inputs().forEach((key, value) -> log.info("  " + key + " = " + value));
      if (!spec.engine().equals(request.engine())) {
        log.warn(stage.name() + ": the release was built by the engine " + spec.engine() + ", this build runs "
            + request.engine() + (EngineIdentity.isPortable(spec.engine()) && EngineIdentity.isPortable(
                request.engine()) ? "; both are the portable numerics, whose bytes do not depend on the machine"
                : "; the native engine's bytes depend on the CPU and the thread count, so they can differ here"));
      }
      Path folder = request.workDirectory().resolve(stage.name());
      FileTrees.deleteTree(folder);
      StageRunner.Result result = runner.run(spec, new StageRunner.Plan("verify-release/" + stage.name(), folder,
          files, 1), CachedSteps.Mode.REDO);
      String model = result.modelSha256();
      String onnx = Sha256.ofFile(folder.resolve(StageFiles.ONNX));
      Rebuilt one = new Rebuilt(stage.name(), folder, card.modelSha256(), model, card.onnxSha256(), onnx);
      rebuilt.add(one);
      if (spec.kind() == StageKind.AUTOENCODER && model.equals(card.modelSha256())) {
        encoders.put(model, folder.resolve(StageFiles.MODEL));
      }
      log.info(stage.name() + ": model.zip released " + card.modelSha256() + ", rebuilt " + model
          + (model.equals(card.modelSha256()) ? " (the same)" : " (DIFFERENT)"));
      log.info(stage.name() + ": model.onnx released " + card.onnxSha256() + ", rebuilt " + onnx
          + (onnx.equals(card.onnxSha256()) ? " (the same)" : " (DIFFERENT)"));
    }
    FileTrees.deleteTree(request.workDirectory().resolve("cache")); // only there for a killed rebuild to resume
    List<Rebuilt> different = rebuilt.stream().filter(r -> !r.same()).toList();
    if (!different.isEmpty()) {
      throw new ReproducibilityException("Release " + request.release().coordinates() + " does not reproduce: "
          + String.join("; ", different.stream().map(r -> r.stage() + " rebuilt to model.zip " + r.rebuiltModel()
          + " and model.onnx " + r.rebuiltOnnx() + ", released " + r.releasedModel() + " and " + r.releasedOnnx()
          + " (rebuilt files in " + r.folder() + ")").toList()));
    }
    return rebuilt;
  }

  /** The build's verified data is the data the card names, file by file. */
  static void checkData(Release.Stage stage, StageSpec spec, BuildDataset dataset) {
    for (DatasetDigest file : spec.dataset()) {
      Optional<String> mine = dataset.digests().stream().filter(d -> d.name().equals(file.name()))
          .map(DatasetDigest::sha256).findFirst();
      if (!mine.equals(Optional.of(file.sha256()))) {
        throw new InvalidParameterException("manifestFile", stage.name() + "'s " + file.name() + " of SHA-256 "
            + file.sha256() + " (as its model card states)", mine.map(s -> "SHA-256 " + s).orElse("no such file"));
      }
    }
  }
}
