package io.github.fashionae.evaluation;

import io.github.fashionae.fork.EnginePlatform;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.remote.HttpRemoteCache;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.training.BuildDataset;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The evaluate goal's orchestrator: finds the stages to measure, evaluates them through the cache
 * ({@link EvaluationRunner}), checks the quality gate, writes {@code quality-gate.json} and logs each verdict
 * that fails. Whether a violation fails the build is the caller's to say, from the result.
 */
public final class Evaluations {

  private Evaluations() {
  }

  /**
   * Evaluates and checks the gate.
   *
   * @throws IOException when there is nothing to evaluate, a named stage is missing, or a file cannot be read
   * @throws QualityGate.InvalidRuleException for a rule that cannot be checked against the evaluated stages
   * @throws GateFailedException when a rule is violated and the request halts on failure
   */
  public static GateResult run(EvaluateRequest request, BuildLog log) throws IOException, ForkException,
      GateFailedException {
    List<EvaluationRunner.Subject> subjects = new ArrayList<>();
    for (Path stage : stages(request.outputDirectory(), request.stages())) {
      subjects.add(EvaluationRunner.Subject.of(stage));
    }
    EvaluationRunner runner = new EvaluationRunner(new StageCache(request.cacheDirectory(), log,
        HttpRemoteCache.of(request.remote(), log)),
        new ForkedJvm(request.fork(), log), log);
    EvaluationRunner.Request evaluation = new EvaluationRunner.Request(subjects,
        BuildDataset.read(request.manifest()), request.threads(),
        EngineIdentity.isPortable(request.engine()) ? request.engine()
            : EngineIdentity.onPlatform(request.engine(), EnginePlatform.of(request.fork(), log).identity()),
        request.outputDirectory().resolve("evaluation"), request.force());
    List<StageEvaluation> results = runner.run(evaluation);
    results.forEach(result -> log.info(describe(result)));
    List<QualityGate.Verdict> verdicts = new ArrayList<>(QualityGate.check(request.rules(), results));
    int rules = request.rules().size();
    if (request.baseline().isPresent()) {
      List<QualityGate.Verdict> against = AgainstRelease.check(request.baseline().get(), subjects, results, runner,
          evaluation, request.outputDirectory(), log);
      verdicts.addAll(against);
      rules += request.baseline().get().rules().size();
    } else {
      Files.deleteIfExists(request.outputDirectory().resolve(ReleaseComparison.FILE));
    }
    GateResult gate = new GateResult(rules, verdicts, request.haltOnFailure());
    AtomicFiles.write(request.outputDirectory().resolve(GateResult.FILE),
        Json.pretty(gate).getBytes(StandardCharsets.UTF_8));
    List<QualityGate.Verdict> violations = gate.verdicts().stream().filter(v -> !v.passed()).toList();
    if (violations.isEmpty()) {
      log.infoOnce("Quality gate: " + gate.summary());
    } else {
      for (QualityGate.Verdict violation : violations) {
        if (request.haltOnFailure()) {
          log.error(violation.message());
        } else {
          log.warn(violation.message());
        }
      }
      if (!request.haltOnFailure()) {
        log.warn(failure(gate) + " (haltOnFailure is false, so the build goes on)");
      } else {
        throw new GateFailedException(failure(gate), gate);
      }
    }
    return gate;
  }

  /** The one-line verdict of a gate with violations: "Quality gate failed: 1 of 3 bounds violated: …". */
  static String failure(GateResult gate) {
    return "Quality gate failed: " + gate.summary() + ": " + gate.verdicts().stream().filter(v -> !v.passed())
        .map(QualityGate.Verdict::message).collect(Collectors.joining("; "));
  }

  /** The stage folders to evaluate: those named, in order, or every trained stage. */
  static List<Path> stages(Path outputDirectory, List<String> names) throws IOException {
    List<Path> all = TrainedStages.find(outputDirectory);
    List<Path> found = all;
    if (!names.isEmpty()) {
      List<Path> chosen = new ArrayList<>();
      for (String name : names) {
        chosen.add(all.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
            .orElseThrow(() -> new IOException("stages (fashionae.stages): expected trained stages under "
                + outputDirectory + ", found no " + name + " (found: " + names(all) + ")")));
      }
      found = chosen;
    }
    if (found.isEmpty()) {
      throw new IOException("Nothing to evaluate: expected trained stages (folders with model.zip and "
          + "history.json) under " + outputDirectory + ", found none; bind train-autoencoder and "
          + "train-classifier before evaluate");
    }
    return found;
  }

  private static String names(List<Path> stages) {
    return stages.isEmpty() ? "none" : stages.stream().map(p -> p.getFileName().toString())
        .collect(Collectors.joining(", "));
  }

  static String describe(StageEvaluation e) {
    if (e.mse() != null) {
      return String.format(Locale.ROOT, "%s: test MSE %.5f on %,d test images", e.stage(), e.mse(), e.testExamples());
    }
    return String.format(Locale.ROOT, "%s: test accuracy %.4f, cross-entropy %.4f, macro F1 %.4f on %,d test images",
        e.stage(), e.accuracy(), e.crossEntropy(), e.macroF1(), e.testExamples());
  }
}
