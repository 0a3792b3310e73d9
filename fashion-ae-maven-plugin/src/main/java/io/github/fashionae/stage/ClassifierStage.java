package io.github.fashionae.stage;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A classifier stage: a trained autoencoder's encoder, named by its model's digest, plus a linear softmax
 * head, trained in one mode. Build it with {@link #of(ClassifierMode, String, TrainingSettings, BuildInputs)}.
 *
 * @param mode how the encoder is treated
 * @param encoderModelSha256 the SHA-256 of the autoencoder model whose encoder it starts from
 * @param settings its training settings
 * @param data validation choice and training slice
 * @param dataset the dataset files by payload digest
 * @param threads the OpenMP thread count
 * @param engine the engine's identity
 * @param archiveTime the model archive's entry time
 */
public record ClassifierStage(ClassifierMode mode, String encoderModelSha256, TrainingSettings settings,
                              DataOptions data, List<DatasetDigest> dataset, int threads, String engine,
                              String archiveTime) implements StageSpec {

  public ClassifierStage {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(encoderModelSha256, "encoderModelSha256");
    Objects.requireNonNull(settings, "settings");
    new BuildInputs(dataset, data, threads, engine, archiveTime);
    dataset = List.copyOf(dataset);
  }

  /** The classifier in {@code mode} on the encoder of the model with digest {@code encoderSha256}. */
  public static ClassifierStage of(ClassifierMode mode, String encoderSha256, TrainingSettings settings,
                                   BuildInputs build) {
    return new ClassifierStage(mode, encoderSha256, settings, build.data(), build.dataset(), build.threads(),
        build.engine(), build.archiveTime());
  }

  /** The folder name of the classifier in {@code mode}: "classifier-finetune" or "classifier-frozen". */
  public static String name(ClassifierMode mode) {
    return "classifier-" + mode.label();
  }

  @Override
  public String stage() {
    return name(mode);
  }

  @Override
  public StageKind kind() {
    return StageKind.CLASSIFIER;
  }

  @Override
  public SortedMap<String, String> inputs() {
    SortedMap<String, String> inputs = StageSpec.super.inputs();
    inputs.put("classifier.mode", mode.label());
    inputs.put("classifier.encoderSha256", encoderModelSha256);
    inputs.put("classifier.revision", Integer.toString(EngineIdentity.classifierRevision(mode)));
    return inputs;
  }
}
