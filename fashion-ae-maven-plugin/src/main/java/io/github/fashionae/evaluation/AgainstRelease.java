package io.github.fashionae.evaluation;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.release.Release;
import io.github.fashionae.release.ReleaseFinder;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluate's comparison with a released version: finds the release ({@link ReleaseFinder}), evaluates its stages on
 * the same test images through the same cache as this build's ({@link EvaluationRunner}, keyed by the model's
 * digest, so a release is measured once per machine, or never where the remote cache has it), writes
 * {@link ReleaseComparison#FILE}, and checks the {@link ReleaseRule}s.
 */
final class AgainstRelease {

  /** The folder under the output directory where the released stages' evaluations go. */
  static final String FOLDER = "release";

  private AgainstRelease() {
  }

  /**
   * The release rules' verdicts; none when no release was found and none is required. An earlier build's
   * {@link ReleaseComparison#FILE} goes first.
   *
   * @param built this build's evaluated stages (folder names and evaluations), in order
   * @throws GateFailedException when no release is found and one is required
   * @throws IOException when a released file is not what its card says, or a file cannot be read
   */
  static List<QualityGate.Verdict> check(Baseline baseline, List<EvaluationRunner.Subject> built,
                                         List<StageEvaluation> results, EvaluationRunner runner,
                                         EvaluationRunner.Request template, Path outputDirectory, BuildLog log)
      throws IOException, ForkException, GateFailedException {
    Files.deleteIfExists(outputDirectory.resolve(ReleaseComparison.FILE));
    List<String> names = new ArrayList<>(); // the stages a release publishes: this build's outside the experiments
    for (EvaluationRunner.Subject subject : built) {
      if (subject.folder().getParent().equals(outputDirectory)) {
        names.add(subject.name());
      }
    }
    ReleaseFinder.Found found = baseline.finder().find(names);
    if (found.release().isEmpty()) {
      String line = "Release baseline " + baseline.requested() + ": " + found.line();
      if (baseline.required()) {
        GateResult gate = new GateResult(baseline.rules().size(), List.of(), true);
        throw new GateFailedException(line + "; expected a release to compare with (baselineRequired is true)", gate);
      }
      log.infoOnce(line + "; nothing to compare with (a first release?), so "
          + (baseline.rules().isEmpty() ? "there is no comparison" : "the release rules are not checked"));
      return List.of();
    }
    Release release = found.release().get();
    log.infoOnce("Comparing with the release " + release.coordinates() + " (" + found.line() + ")");
    List<EvaluationRunner.Subject> released = new ArrayList<>();
    for (Release.Stage stage : release.stages()) {
      stage.check(release.coordinates());
      released.add(new EvaluationRunner.Subject(stage.name(), stage.card().spec(), stage.model(),
          outputDirectory.resolve(FOLDER).resolve(stage.name())));
    }
    List<StageEvaluation> releasedResults = released.isEmpty() ? List.of()
        : runner.run(new EvaluationRunner.Request(released, template.dataset(), template.threads(), template.engine(),
            template.workDirectory(), template.force()));
    Map<String, StageEvaluation> releasedByName = new HashMap<>();
    for (int i = 0; i < released.size(); i++) {
      releasedByName.put(released.get(i).name(), releasedResults.get(i));
    }
    byte[] labels = null;
    List<ReleaseComparison.Stage> stages = new ArrayList<>();
    for (int i = 0; i < built.size(); i++) {
      StageEvaluation theirs = names.contains(built.get(i).name()) ? releasedByName.get(built.get(i).name()) : null;
      if (theirs == null) {
        continue;
      }
      StageEvaluation mine = results.get(i);
      ReleaseComparison.Agreement agreement = null;
      if (mine.kind() == StageKind.CLASSIFIER) {
        if (labels == null) {
          labels = IdxReader.readLabels(template.dataset().file(FashionMnist.TEST_LABELS.name()),
              FashionMnist.CLASSES);
        }
        agreement = ReleaseComparison.Agreement.of(labels, theirs.predictedClasses(), mine.predictedClasses());
      }
      stages.add(new ReleaseComparison.Stage(mine.stage(), mine, theirs, agreement));
      log.info(describe(release.coordinates(), stages.get(stages.size() - 1)));
    }
    ReleaseComparison comparison = new ReleaseComparison(release.coordinates(), stages);
    AtomicFiles.write(outputDirectory.resolve(ReleaseComparison.FILE),
        Json.pretty(comparison).getBytes(StandardCharsets.UTF_8));
    List<QualityGate.Verdict> verdicts = new ArrayList<>();
    for (ReleaseRule rule : baseline.rules()) {
      Optional<ReleaseComparison.Stage> stage = stages.stream().filter(s -> s.stage().equals(rule.stage()))
          .findFirst();
      if (stage.isEmpty()) {
        if (names.contains(rule.stage())) {
          String line = rule.element() + ": the release " + release.coordinates() + " published no " + rule.stage();
          if (baseline.required()) {
            throw new GateFailedException(line + " to compare with (baselineRequired is true)",
                new GateResult(baseline.rules().size(), verdicts, true));
          }
          log.infoOnce(line + ", so the rule is not checked");
          continue;
        }
        throw new QualityGate.InvalidRuleException(rule.element() + "/stage: expected a stage this build evaluates ("
            + String.join(", ", names) + "), found '" + rule.stage() + "'");
      }
      double mine = rule.metric().of(stage.get().build()).orElseThrow();
      double theirs = rule.metric().of(stage.get().released()).orElseThrow();
      verdicts.add(rule.check(release.coordinates(), mine, theirs,
          Optional.ofNullable(stage.get().agreement()).map(ReleaseComparison.Agreement::test)));
    }
    return verdicts;
  }

  /** One line per stage: both values of its headline metric, and McNemar's test for a classifier. */
  static String describe(String release, ReleaseComparison.Stage stage) {
    Metric metric = stage.build().kind() == StageKind.AUTOENCODER ? Metric.MSE : Metric.ACCURACY;
    double mine = metric.of(stage.build()).orElseThrow();
    double theirs = metric.of(stage.released()).orElseThrow();
    String format = metric == Metric.MSE ? "%s: %s %.5f, the release %s %.5f (%+.5f)"
        : "%s: %s %.4f, the release %s %.4f (%+.4f)";
    String line = String.format(Locale.ROOT, format, stage.stage(), metric.label(), mine, release, theirs,
        mine - theirs);
    ReleaseComparison.Agreement a = stage.agreement();
    if (a == null) {
      return line;
    }
    return line + String.format(Locale.ROOT, "; the models disagree on %,d test images (%,d only the release gets "
        + "right, %,d only this build), McNemar p = %.4g (two-sided)", stage.build().testExamples()
        - a.samePrediction(), a.releaseOnly(), a.buildOnly(), a.pTwoSided());
  }
}
