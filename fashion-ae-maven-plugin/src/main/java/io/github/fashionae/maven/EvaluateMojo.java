package io.github.fashionae.maven;

import io.github.fashionae.evaluation.EvaluateRequest;
import io.github.fashionae.evaluation.GateFailedException;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
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
public class EvaluateMojo extends AbstractStudyMojo {

  /**
   * The stages to evaluate, by folder name under outputDirectory, e.g. {@code classifier-finetune}
   * (comma-separated on the command line); every trained stage found there when empty, the default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.stages")
  List<String> stages;

  /**
   * The quality gate: bounds on test metrics, each a {@code <rule>} with a {@code <metric>} ({@code mse},
   * {@code crossEntropy}, {@code accuracy} or {@code macroF1}), an optional {@code <stage>}, and a
   * {@code <minimum>} and/or {@code <maximum>} (inclusive), e.g.
   * {@code <rule><stage>classifier-finetune</stage><metric>accuracy</metric><minimum>0.90</minimum></rule>}.
   * None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<Rule> rules;

  /**
   * Fail the build when a rule is violated; when {@code false}, violations are logged as warnings.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.haltOnFailure", defaultValue = "true")
  boolean haltOnFailure;

  @Override
  boolean runsInShardBuilds() {
    return false;
  }

  @Override
  String goal() {
    return "evaluate";
  }

  @Override
  void validate() throws MojoExecutionException {
    request();
  }

  @Override
  List<Executions.Needed> neededFolders() throws MojoExecutionException {
    return Executions.Needed.stagesOf(Rule.parse(rules), outputDirectory.toPath());
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException, GateFailedException {
    build.study().evaluate(request(), buildLog());
  }

  private EvaluateRequest request() throws MojoExecutionException {
    try {
      return new EvaluateRequest(outputDirectory.toPath(), stages == null ? List.of() : stages,
          manifestFile.toPath(), threads(), engine(), cacheDirectory.toPath(), force, fork(), Rule.parse(rules),
          haltOnFailure, remoteCacheConfig());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }
}
