package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.MojoLog;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.training.TrainingRequest;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate and report as Maven configures them, on stages trained for one epoch on a slice of the real data. */
@MojoTest
class EvaluateAndReportMojosTest {

  private static final String POM = "src/test/resources/unit/evaluate/pom.xml";
  private static final String TIME = "1980-01-01T00:00:00Z";

  @TempDir
  static Path shared;

  @TempDir
  Path dir;

  /** The autoencoder and the frozen classifier, trained once for all tests. */
  @BeforeAll
  static void trainStages() throws Exception {
    RecordingLog log = new RecordingLog();
    MojoFixtures.realManifest(shared.resolve("manifest.json"));
    StageTrainer trainer = StageTrainer.of(new TrainingRequest(shared.resolve("manifest.json"),
        new DataOptions(ValidationSet.HOLDOUT, 100, 200), 1, "test", TIME, shared.resolve("cache"),
        CachedSteps.Mode.REUSE, Defaults.currentJvm("512m")), log);
    TrainingSettings settings = new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, 1, 3);
    trainer.autoencoder(shared.resolve("trained/autoencoder"), Defaults.autoencoder(), settings);
    trainer.classifier(shared.resolve("trained/classifier-frozen"), shared.resolve("trained/autoencoder/model.zip"),
        ClassifierMode.FROZEN, settings);
  }

  private void configure(AbstractFashionAeMojo mojo) throws Exception {
    copyTree(shared.resolve("trained"), dir.resolve("out"));
    mojo.manifestFile = shared.resolve("manifest.json").toFile();
    mojo.outputDirectory = dir.resolve("out").toFile();
    mojo.cacheDirectory = dir.resolve("cache").toFile();
    if (mojo instanceof AbstractStudyMojo engine) {
      engine.pluginArtifacts = MojoFixtures.classpathArtifacts();
      engine.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toFile();
    }
    MavenProject project = new MavenProject();
    project.setArtifact(new DefaultArtifact("io.github.fashionae.test", "evaluate-harness", "1", "compile", "pom",
        null, new DefaultArtifactHandler("pom")));
    mojo.project = project;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = POM)
  void aTooHighThresholdFailsTheBuildWithOneLinePerViolation(EvaluateMojo mojo) throws Exception {
    configure(mojo);
    assertThat(mojo.rules).hasSize(2);
    assertThat(mojo.haltOnFailure).isTrue();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("Quality gate failed: 1 of 2 bounds violated: classifier frozen: test accuracy is ")
        .hasMessageMatching(".*test accuracy is 0\\.\\d{4}, but expected minimum is 0\\.9900");
    assertThat(dir.resolve("out/autoencoder/" + StageFiles.EVALUATION)).isRegularFile();
    assertThat(dir.resolve("out/classifier-frozen/" + StageFiles.EVALUATION)).isRegularFile();
    GateResult gate = Json.MAPPER.readValue(dir.resolve("out/" + GateResult.FILE).toFile(), GateResult.class);
    assertThat(gate.verdicts()).extracting(v -> v.passed()).containsExactly(true, false);

    mojo.haltOnFailure = false;
    MojoLog log = MojoLog.of(mojo);
    List<String> infos = log.infos();
    List<String> warnings = log.warnings();
    mojo.execute(); // logged, not fatal

    // the evaluations now come from the cache: each says so, and none is measured again
    assertThat(infos).anyMatch(l -> l.matches("autoencoder [0-9a-f]{12}: evaluation up to date \\(from the cache .*"));
    assertThat(infos).anyMatch(l -> l.matches("classifier-frozen [0-9a-f]{12}: evaluation up to date \\(from the "
        + "cache .*"));
    assertThat(infos).noneMatch(l -> l.contains("evaluating") || l.contains("Evaluating"));
    assertThat(warnings).anyMatch(l -> l.contains("classifier frozen: test accuracy is "));
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = POM)
  void evaluationsArePushedToTheRemoteCacheAndTakenFromItOnAnotherMachine(EvaluateMojo mojo) throws Exception {
    Map<String, byte[]> store = new ConcurrentHashMap<>();
    try (LoopbackServer server = new LoopbackServer().handle("/cache/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      switch (exchange.getRequestMethod()) {
        case "PUT" -> {
          store.put(path, exchange.getRequestBody().readAllBytes());
          LoopbackServer.respond(exchange, 201, new byte[0]);
        }
        case "HEAD" -> {
          exchange.getResponseHeaders().set("Content-Length", String.valueOf(store.getOrDefault(path,
              new byte[0]).length));
          exchange.sendResponseHeaders(store.containsKey(path) ? 200 : 404, -1);
        }
        default -> LoopbackServer.respond(exchange, store.containsKey(path) ? 200 : 404, store.getOrDefault(path,
            new byte[0]));
      }
    })) {
      configure(mojo);
      mojo.rules = List.of();
      mojo.remoteCache = server.url("/cache").toString();
      mojo.remoteCacheTimeoutSeconds = 30;
      mojo.remoteCacheDeadlineSeconds = 300;
      mojo.remoteCacheMaxFileMegabytes = 64;
      mojo.remoteCachePush = true;
      List<String> infos = MojoLog.of(mojo).infos();
      mojo.execute();
      assertThat(infos.stream().filter(l -> l.startsWith("Pushed 1 file to the remote cache "))).hasSize(2);
      assertThat(store.keySet()).filteredOn(k -> k.endsWith("/" + StageFiles.EVALUATION)).hasSize(2);

      // another machine: an empty user cache, reading only
      infos.clear();
      mojo.cacheDirectory = dir.resolve("other-cache").toFile();
      mojo.remoteCachePush = false;
      Files.delete(dir.resolve("out/autoencoder/" + StageFiles.EVALUATION));
      Files.delete(dir.resolve("out/classifier-frozen/" + StageFiles.EVALUATION));
      mojo.execute();

      for (String stage : List.of("autoencoder", "classifier-frozen")) {
        assertThat(infos).anyMatch(l -> l.matches(stage + " [0-9a-f]{12}: evaluation up to date \\(from the remote "
            + "cache " + server.url("/cache/v1/stages/") + "[0-9a-f]{64}/\\)"));
        assertThat(dir.resolve("out/" + stage + "/" + StageFiles.EVALUATION)).isRegularFile();
      }
      assertThat(dir.resolve("other-cache/stages")).isDirectoryContaining(p -> Files.isRegularFile(
          p.resolve(StageFiles.EVALUATION)));
    }
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = POM)
  void anInvalidRuleIsAConfigurationErrorNamingTheElementBeforeAnyWork(EvaluateMojo mojo) throws Exception {
    configure(mojo);
    mojo.rules = List.of(new Rule(null, "mse", null, 0.1), new Rule("classifier-frozen", "accuracy", 1.2, null));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid quality gate rule rules/rule[2]/minimum: accuracy is a fraction, expected a bound in "
            + "[0, 1], found 1.2");
    assertThat(dir.resolve("out/autoencoder/" + StageFiles.EVALUATION)).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = POM)
  void withoutTrainedStagesThereIsNothingToEvaluate(EvaluateMojo mojo) throws Exception {
    configure(mojo);
    mojo.outputDirectory = dir.resolve("empty").toFile();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Nothing to evaluate: expected trained stages (folders with model.zip and "
            + "history.json) under " + dir.resolve("empty") + ", found none");
  }

  @Test
  @InjectMojo(goal = "evaluate", pom = POM)
  void skipSkipsEvaluation(EvaluateMojo mojo) throws Exception {
    configure(mojo);
    mojo.skip = true;
    mojo.execute();
    assertThat(dir.resolve("out/" + GateResult.FILE)).doesNotExist();
  }

  @Test
  void theReportShowsTheEvaluatedStagesAndIsAttached(@InjectMojo(goal = "evaluate", pom = POM) EvaluateMojo evaluate,
                                                      @InjectMojo(goal = "report", pom = POM) ReportMojo report)
      throws Exception {
    configure(evaluate);
    evaluate.haltOnFailure = false;
    evaluate.execute();
    report.manifestFile = evaluate.manifestFile;
    report.outputDirectory = evaluate.outputDirectory;
    report.reportDirectory = dir.resolve("report").toFile();
    report.project = evaluate.project;
    report.reportTitle = "Harness study";
    report.outputTimestamp = "2026-11-27T00:00:00Z";

    report.execute();

    Path page = dir.resolve("report/index.html");
    String html = Files.readString(page);
    assertThat(html).contains("<title>Harness study</title>").contains("build of 2026-11-27")
        .contains("Fig. 1. ").contains("Fig. 2b. ").contains("Fig. 9. ").contains("Fig. 10. ")
        .contains("Quality gate: 1 of 2 bounds violated (haltOnFailure is false, so the build went on).")
        .contains(FashionMnist.TEST_IMAGES.sha256());
    assertThat(report.project.getAttachedArtifacts()).anySatisfy(artifact -> {
      assertThat(artifact.getClassifier()).isEqualTo("report");
      assertThat(artifact.getType()).isEqualTo("html");
      assertThat(artifact.getFile()).isEqualTo(page.toFile());
    });

    byte[] first = Files.readAllBytes(page);
    report.execute();
    assertThat(Files.readAllBytes(page)).as("the same inputs give the same bytes").isEqualTo(first);

    // attachReport=false: the page is written, not attached
    MavenProject unattached = new MavenProject();
    unattached.setArtifact(evaluate.project.getArtifact());
    report.project = unattached;
    report.attachReport = false;
    Files.delete(page);
    report.execute();
    assertThat(page).isRegularFile();
    assertThat(unattached.getAttachedArtifacts()).noneMatch(artifact -> "report".equals(artifact.getClassifier()));
  }

  @Test
  void theGatesVerdictIsSaidOncePerBuildThoughEvaluateAndReportBothKnowIt(
      @InjectMojo(goal = "evaluate", pom = POM) EvaluateMojo evaluate,
      @InjectMojo(goal = "report", pom = POM) ReportMojo report) throws Exception {
    configure(evaluate);
    evaluate.rules = List.of(new Rule("autoencoder", "mse", null, 1.0));
    report.manifestFile = evaluate.manifestFile;
    report.outputDirectory = evaluate.outputDirectory;
    report.reportDirectory = dir.resolve("report").toFile();
    report.project = evaluate.project;
    BuildSession build = new BuildSession(); // one build: Maven's gives both goals its session's (BuildSessionTest)
    evaluate.build = build;
    report.build = build;
    List<String> evaluated = MojoLog.of(evaluate).infos();
    List<String> reported = MojoLog.of(report).infos();

    evaluate.execute();
    report.execute();

    assertThat(evaluated).containsOnlyOnce("Quality gate: 1 bound holds");
    assertThat(reported).as("said by evaluate in this build").noneMatch(line -> line.startsWith("Quality gate"))
        .anyMatch(line -> line.startsWith("Report: "));

    report.build = new BuildSession(); // a later build that runs report alone says it
    report.execute();
    assertThat(reported).containsOnlyOnce("Quality gate: 1 bound holds");
  }

  @Test
  @InjectMojo(goal = "report", pom = POM)
  void withoutTrainedStagesThereIsNothingToReport(ReportMojo mojo) throws Exception {
    configure(mojo);
    mojo.outputDirectory = dir.resolve("empty").toFile();
    mojo.reportDirectory = dir.resolve("report").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Nothing to report");
    assertThat(dir.resolve("report/index.html")).doesNotExist();
  }
}
