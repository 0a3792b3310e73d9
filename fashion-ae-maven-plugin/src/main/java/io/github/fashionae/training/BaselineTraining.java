package io.github.fashionae.training;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.store.ReproducibilityException;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The baseline's stages (position {@link Shard#BASELINE} of the study): its autoencoder, and its classifiers on an
 * encoder. What the training goals ask for, without Maven: the shard rule (a shard that does not own the baseline
 * takes its stages from the caches or leaves them), the encoder check, and how many classifiers train at once.
 * Each method returns the stage folders that hold models now, for the goal to attach.
 */
public final class BaselineTraining {

  private BaselineTraining() {
  }

  /**
   * Provides the autoencoder of {@code shape} in {@code directory}: trains it, or takes it from a cache; in a shard
   * that does not own the baseline, only takes it from a cache.
   *
   * @return the folder when it holds the stage now; empty when it was left for its shard
   */
  public static List<Path> autoencoder(TrainingRequest request, Optional<Shard> share, Path directory,
                                       AutoencoderSpec shape, TrainingSettings settings, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    StageTrainer trainer = StageTrainer.of(request, log);
    if (share.isPresent() && !share.get().owns(Shard.BASELINE)) {
      return provided(trainer.provideAutoencoder(directory, shape, settings).isPresent(), directory, share.get(),
          log);
    }
    trainer.autoencoder(directory, shape, settings);
    return List.of(directory);
  }

  /**
   * Provides the classifiers of {@code directories} (a folder per mode) on the encoder of {@code encoderModel}: the
   * modes are independent given the encoder, so they train at once, one forked JVM each, as many as the machine
   * has {@code threads} cores for (the bytes do not depend on it). In a shard that does not own the baseline, only
   * from the caches.
   *
   * @return the folders that hold their stage now, in order
   * @throws IOException when the encoder model is missing (naming it), or a stage's files cannot be written
   */
  public static List<Path> classifiers(TrainingRequest request, Optional<Shard> share,
                                       Map<ClassifierMode, Path> directories, Path encoderModel,
                                       TrainingSettings settings, BuildLog log)
      throws IOException, ForkException, ReproducibilityException {
    if (share.isPresent() && !share.get().owns(Shard.BASELINE)) {
      StageTrainer trainer = StageTrainer.of(request, log);
      List<Path> provided = new ArrayList<>();
      for (Map.Entry<ClassifierMode, Path> each : directories.entrySet()) {
        provided.addAll(provided(trainer.provideClassifier(each.getValue(), encoderModel, each.getKey(), settings)
            .isPresent(), each.getValue(), share.get(), log));
      }
      return provided;
    }
    StageTrainer.requireEncoder(encoderModel);
    StageTrainer trainer = StageTrainer.of(request, log);
    List<StageTrainer.ClassifierCall> calls = directories.entrySet().stream()
        .map(each -> new StageTrainer.ClassifierCall(each.getValue(), each.getKey())).toList();
    int parallel = Math.max(1, Runtime.getRuntime().availableProcessors() / request.threads());
    List<Path> trained = new ArrayList<>();
    List<StageTrainer.Attempt> attempts = trainer.classifiers(calls, encoderModel, settings, parallel);
    for (int i = 0; i < calls.size(); i++) {
      attempts.get(i).get();
      trained.add(calls.get(i).directory());
    }
    return trained;
  }

  private static List<Path> provided(boolean present, Path directory, Shard share, BuildLog log) {
    if (present) {
      return List.of(directory);
    }
    log.info(TrainedStages.name(directory) + ": shard " + share.ownerOf(Shard.BASELINE) + "'s to train, and in "
        + "neither cache yet; left for it (fashionae.shard=" + share + ")");
    return List.of();
  }
}
