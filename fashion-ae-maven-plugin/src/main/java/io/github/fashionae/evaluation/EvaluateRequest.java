package io.github.fashionae.evaluation;

import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.remote.RemoteCacheConfig;
import io.github.fashionae.stage.InvalidParameterException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the evaluate goal asks for: which trained stages to measure, how to run the engine, and the quality gate.
 *
 * @param outputDirectory the build's output folder, whose trained stages are found ({@code TrainedStages})
 * @param stages the stages to evaluate by folder name; every trained stage when empty
 * @param manifest fetch-dataset's manifest (the test images and labels are used)
 * @param threads OpenMP threads of the evaluation JVM
 * @param engine the engine's identity
 * @param cacheDirectory the user cache
 * @param force evaluate even when the cache holds the result
 * @param fork how to start the engine JVM
 * @param rules the quality gate's rules, validated
 * @param haltOnFailure whether a violated rule fails the build (else it is a warning)
 * @param remote the remote cache behind the user cache, when the build has one
 * @param baseline the release to compare with and the rules against it, when the build names one
 */
public record EvaluateRequest(Path outputDirectory, List<String> stages, Path manifest, int threads, String engine,
                              Path cacheDirectory, boolean force, ForkedJvm.Fork fork, List<QualityGate.Rule> rules,
                              boolean haltOnFailure, Optional<RemoteCacheConfig> remote,
                              Optional<Baseline> baseline) {

  /** A request of a build without a remote cache. */
  public EvaluateRequest(Path outputDirectory, List<String> stages, Path manifest, int threads, String engine,
                         Path cacheDirectory, boolean force, ForkedJvm.Fork fork, List<QualityGate.Rule> rules,
                         boolean haltOnFailure) {
    this(outputDirectory, stages, manifest, threads, engine, cacheDirectory, force, fork, rules, haltOnFailure,
        Optional.empty(), Optional.empty());
  }

  public EvaluateRequest {
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    stages = List.copyOf(stages);
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    Objects.requireNonNull(fork, "fork");
    rules = List.copyOf(rules);
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(baseline, "baseline");
    if (threads < 1) {
      throw new InvalidParameterException("threads", "at least 1", threads);
    }
  }
}
