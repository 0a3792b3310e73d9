package io.github.fashionae.maven;

import io.github.fashionae.cache.StageCache;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.evaluation.EvaluationRunner;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.evaluation.QualityGate;
import io.github.fashionae.evaluation.StageEvaluation;
import io.github.fashionae.training.ForkedJvm;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.training.TrainingException;
import io.github.fashionae.training.TrainingJob;
import io.github.fashionae.training.TrainingProtocol;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Measures every trained stage on the official 10,000 test images (the autoencoder's MSE and reconstructions;
 * each classifier's cross-entropy, accuracy, confusion matrix and per-class precision, recall and F1), writes
 * {@code <stage>/evaluation.json}, and checks the quality gate's rules, failing the build on a violation.
 * Evaluations are cached by fingerprint like training stages. Evaluation is part of the product, not a test:
 * {@code -DskipTests} does not skip it ({@code fashionae.skip} does).
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class EvaluateMojo extends AbstractEngineMojo {

  /**
   * The stages to evaluate, by folder name under outputDirectory; every trained stage found there when empty
   * (the default).
   */
  @Parameter(property = "fashionae.evaluate.stages")
  List<String> stages;

  /**
   * The quality gate: bounds on test metrics, each a {@code <rule>} with a {@code <metric>} ({@code mse},
   * {@code crossEntropy}, {@code accuracy} or {@code macroF1}), an optional {@code <stage>}, and a
   * {@code <minimum>} and/or {@code <maximum>} (inclusive). None by default.
   */
  @Parameter
  List<Rule> rules;

  /** Fail the build when a rule is violated; when false, violations are logged as warnings. */
  @Parameter(property = "fashionae.haltOnFailure", defaultValue = "true")
  boolean haltOnFailure;

  @Override
  String goal() {
    return "evaluate";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    List<QualityGate.Rule> gate = gateRules();
    List<Path> found = stagesToEvaluate();
    List<TrainingJob.DataFile> dataset = dataset();
    BuildLog log = buildLog();
    EvaluationRunner runner = new EvaluationRunner(new StageCache(cacheDirectory.toPath(), log),
        new ForkedJvm(fork(), log), log);
    List<StageEvaluation> results;
    try {
      results = runner.run(new EvaluationRunner.Request(found,
          TrainingJob.file(dataset, FashionMnist.TEST_IMAGES.name()),
          TrainingJob.file(dataset, FashionMnist.TEST_LABELS.name()), threads, engine(),
          outputDirectory.toPath().resolve("evaluation"), force));
    } catch (TrainingException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot evaluate: " + e.getMessage(), e);
    }
    for (StageEvaluation result : results) {
      getLog().info(describe(result));
    }
    check(gate, results);
  }

  private void check(List<QualityGate.Rule> gate, List<StageEvaluation> results)
      throws MojoExecutionException, MojoFailureException {
    List<QualityGate.Verdict> verdicts;
    try {
      verdicts = QualityGate.check(gate, results);
    } catch (QualityGate.InvalidRuleException e) {
      throw new MojoExecutionException("Invalid quality gate rule " + e.getMessage(), e);
    }
    GateResult result = new GateResult(gate.size(), verdicts, haltOnFailure);
    Path file = outputDirectory.toPath().resolve(GateResult.FILE);
    try {
      AtomicFiles.write(file, TrainingProtocol.prettyJson(result).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    List<QualityGate.Verdict> violations = verdicts.stream().filter(v -> !v.passed()).toList();
    if (violations.isEmpty()) {
      getLog().info("Quality gate: " + result.summary());
      return;
    }
    for (QualityGate.Verdict violation : violations) {
      if (haltOnFailure) {
        getLog().error(violation.message());
      } else {
        getLog().warn(violation.message());
      }
    }
    String summary = "Quality gate failed: " + result.summary() + ": "
        + violations.stream().map(QualityGate.Verdict::message).collect(Collectors.joining("; "));
    if (haltOnFailure) {
      throw new MojoFailureException(summary);
    }
    getLog().warn(summary + " (haltOnFailure is false, so the build goes on)");
  }

  /** The POM's rules, validated before any work. */
  List<QualityGate.Rule> gateRules() throws MojoExecutionException {
    List<QualityGate.Rule> parsed = new ArrayList<>();
    List<Rule> declared = rules == null ? List.of() : rules;
    for (int i = 0; i < declared.size(); i++) {
      Rule rule = declared.get(i);
      try {
        parsed.add(QualityGate.Rule.of(i + 1, rule.stage, rule.metric, rule.minimum, rule.maximum));
      } catch (QualityGate.InvalidRuleException e) {
        throw new MojoExecutionException("Invalid quality gate rule " + e.getMessage(), e);
      }
    }
    return parsed;
  }

  private List<Path> stagesToEvaluate() throws MojoExecutionException {
    List<Path> found;
    try {
      found = TrainedStages.find(outputDirectory.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the trained stages in " + outputDirectory + ": "
          + e.getMessage(), e);
    }
    List<String> names = stages == null ? List.of() : stages.stream().filter(s -> s != null && !s.isBlank())
        .map(String::trim).toList();
    if (!names.isEmpty()) {
      List<Path> all = found;
      List<Path> chosen = new ArrayList<>();
      for (String name : names) {
        chosen.add(all.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
            .orElseThrow(() -> new MojoExecutionException("stages (fashionae.evaluate.stages): expected trained "
                + "stages under " + outputDirectory + ", found no " + name + " (found: " + names(all) + ")")));
      }
      found = chosen;
    }
    if (found.isEmpty()) {
      throw new MojoExecutionException("Nothing to evaluate: expected trained stages (folders with model.zip "
          + "and history.json) under " + outputDirectory + ", found none; bind train-autoencoder and "
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
