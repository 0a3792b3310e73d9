package io.github.fashionae.maven;

import io.github.fashionae.evaluation.Baseline;
import io.github.fashionae.evaluation.EvaluateRequest;
import io.github.fashionae.evaluation.GateFailedException;
import io.github.fashionae.evaluation.ReleaseRule;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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

  /**
   * The released version of the models to compare this build with, found by Maven's resolver in the build's
   * repositories (settings.xml's mirrors and credentials apply; {@code -o} uses the local repository only):
   * {@code groupId:artifactId:version}, or a version alone for this project's own. The version is exact
   * ({@code 1.2.0}), a range ({@code [1.0,2.0)}: its newest release), or {@code RELEASE}: the newest release before
   * this build's version. Its stages are evaluated on the same test images by the same engine (cached by the
   * model's digest), shown beside this build's in the log and the report, and checked by {@code releaseRules}.
   * Example: {@code -Dfashionae.baseline=RELEASE}. None by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.baseline")
  String baseline;

  /**
   * Fail the build when {@code baseline} finds no release (or a release rule's stage is not in it); when
   * {@code false}, the default, a first release says so in one line and passes.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.baselineRequired", defaultValue = "false")
  boolean baselineRequired;

  /**
   * Rules against the {@code baseline} release (without a baseline, as with {@code -Dfashionae.baseline=}, they are
   * not checked, and the build says so): this build's metric may be worse than the release's by at most a
   * bound, in the metric's direction. Each {@code <releaseRule>} has a {@code <stage>}, a {@code <metric>}
   * ({@code mse}, {@code crossEntropy}, {@code accuracy} or {@code macroF1}), a {@code <maxWorse>} (in the metric's
   * unit) or a {@code <maxWorseRelative>} (a fraction of the release's value), and for classifiers optionally a
   * {@code <significance>}: then the rule fails only when McNemar's exact test on the test images also says this
   * build is worse at that level. Example: {@code <releaseRule><stage>classifier-finetune</stage>
   * <metric>accuracy</metric><maxWorse>0.005</maxWorse><significance>0.05</significance></releaseRule>}.
   * None by default.
   *
   * @since 0.1.0
   */
  @Parameter
  List<ReleaseRuleConfig> releaseRules;

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
      List<ReleaseRule> against = ReleaseRuleConfig.parse(releaseRules);
      Optional<Baseline> compared = Optional.empty();
      if (baseline != null && !baseline.isBlank()) {
        compared = Optional.of(new Baseline(baseline.trim(), releaseFinder("baseline", baseline), baselineRequired,
            against));
      } else if (!against.isEmpty() && !checking) {
        buildLog().infoOnce(against.size() + " release rule" + (against.size() == 1 ? " is" : "s are") + " not "
            + "checked: no baseline (fashionae.baseline) to compare with");
      }
      return new EvaluateRequest(outputDirectory.toPath(), stages == null ? List.of() : stages,
          manifestFile.toPath(), threads(), engine(), cacheDirectory.toPath(), force, fork(), Rule.parse(rules),
          haltOnFailure, remoteCacheConfig(), compared);
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }
}
