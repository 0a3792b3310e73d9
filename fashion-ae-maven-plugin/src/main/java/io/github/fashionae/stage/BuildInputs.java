package io.github.fashionae.stage;

import java.util.List;
import java.util.Objects;

/**
 * The inputs every stage of one build shares, whatever it trains: the data, how it is split, the engine and
 * its thread count, and the archives' entry time. A {@link StageSpec} is built from these and its own
 * network and settings.
 *
 * @param dataset the four dataset files by payload digest
 * @param data validation choice and training slice
 * @param threads the OpenMP thread count the run is pinned to (results are bit-identical only at the same count)
 * @param engine the engine's identity ({@link EngineIdentity#of(String)})
 * @param archiveTime the entry time of model archives (ISO-8601), from project.build.outputTimestamp
 */
public record BuildInputs(List<DatasetDigest> dataset, DataOptions data, int threads, String engine,
                          String archiveTime) {

  public BuildInputs {
    dataset = List.copyOf(dataset);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(archiveTime, "archiveTime");
    if (threads < 1) {
      throw new InvalidParameterException("threads", "at least 1", threads);
    }
  }
}
