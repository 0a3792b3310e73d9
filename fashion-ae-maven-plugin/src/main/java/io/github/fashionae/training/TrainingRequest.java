package io.github.fashionae.training;

import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.store.CachedSteps;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a training goal asks for, beyond the networks it names: the data, the engine, the cache and how to
 * treat it. Built by a mojo from its parameters (which validate on the way), handed to {@link StageTrainer}.
 *
 * @param manifest fetch-dataset's manifest of the verified data
 * @param data validation choice and training slice
 * @param threads OpenMP threads of each forked engine JVM
 * @param engine the engine's identity
 * @param archiveTime the entry time of model archives (ISO-8601)
 * @param cacheDirectory the user cache
 * @param mode how to treat stages the cache holds
 * @param fork how to start the engine JVM
 * @param remote the remote cache behind the user cache, when the build has one
 */
public record TrainingRequest(Path manifest, DataOptions data, int threads, String engine, String archiveTime,
                              Path cacheDirectory, CachedSteps.Mode mode, ForkedJvm.Fork fork,
                              Optional<RemoteCacheConfig> remote) {

  /** A request of a build without a remote cache. */
  public TrainingRequest(Path manifest, DataOptions data, int threads, String engine, String archiveTime,
                         Path cacheDirectory, CachedSteps.Mode mode, ForkedJvm.Fork fork) {
    this(manifest, data, threads, engine, archiveTime, cacheDirectory, mode, fork, Optional.empty());
  }

  public TrainingRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(archiveTime, "archiveTime");
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fork, "fork");
    Objects.requireNonNull(remote, "remote");
  }
}
