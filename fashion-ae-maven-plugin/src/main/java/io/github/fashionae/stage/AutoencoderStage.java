package io.github.fashionae.stage;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * The autoencoder stage: the study's convolutional autoencoder of the given shape, trained with the given
 * settings. Build it with {@link #of(AutoencoderSpec, TrainingSettings, BuildInputs)}.
 *
 * @param autoencoder the network's shape
 * @param settings its training settings
 * @param data validation choice and training slice
 * @param dataset the dataset files by payload digest
 * @param threads the OpenMP thread count
 * @param engine the engine's identity
 * @param archiveTime the model archive's entry time
 */
public record AutoencoderStage(AutoencoderSpec autoencoder, TrainingSettings settings, DataOptions data,
                               List<DatasetDigest> dataset, int threads, String engine, String archiveTime)
    implements StageSpec {

  /** The stage's folder name. */
  public static final String NAME = "autoencoder";

  public AutoencoderStage {
    Objects.requireNonNull(autoencoder, "autoencoder");
    Objects.requireNonNull(settings, "settings");
    new BuildInputs(dataset, data, threads, engine, archiveTime);
    dataset = List.copyOf(dataset);
  }

  /** The autoencoder of {@code shape}, trained with {@code settings} on the build's inputs. */
  public static AutoencoderStage of(AutoencoderSpec shape, TrainingSettings settings, BuildInputs build) {
    return new AutoencoderStage(shape, settings, build.data(), build.dataset(), build.threads(), build.engine(),
        build.archiveTime());
  }

  @Override
  public String stage() {
    return NAME;
  }

  @Override
  public StageKind kind() {
    return StageKind.AUTOENCODER;
  }

  @Override
  public SortedMap<String, String> inputs() {
    SortedMap<String, String> inputs = StageSpec.super.inputs();
    inputs.put("autoencoder.latentSize", Integer.toString(autoencoder.latentSize()));
    inputs.put("autoencoder.linearBottleneck", Boolean.toString(autoencoder.linearBottleneck()));
    return inputs;
  }
}
