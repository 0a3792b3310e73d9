package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.experiments.Experiment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiments goal as Maven configures it from a POM: the plan, and its errors before any work. */
@MojoTest
class ExperimentsMojoTest {

  private static final String POM = "src/test/resources/unit/experiments/pom.xml";

  @TempDir
  Path dir;

  @Test
  @InjectMojo(goal = "experiments", pom = POM)
  void thePomsExperimentsAndSweepsBecomeOnePlan(ExperimentsMojo mojo) throws Exception {
    List<Experiment> plan = mojo.plan();
    assertThat(plan).extracting(Experiment::name).containsExactly("no-linear",
        "lr-learningRate=0.01-optimizer=adam", "lr-learningRate=0.01-optimizer=sgd",
        "lr-learningRate=0.001-optimizer=adam", "lr-learningRate=0.001-optimizer=sgd");
    assertThat(plan.get(2).overrides()).containsExactly(Map.entry("epochs", "5"), Map.entry("learningRate", "0.01"),
        Map.entry("optimizer", "sgd"));
    assertThat(mojo.parallel).isZero();
  }

  @Test
  @InjectMojo(goal = "experiments", pom = POM)
  void anUnknownKeyFailsTheBuildBeforeAnyWork(ExperimentsMojo mojo) throws Exception {
    ExperimentConfig typo = new ExperimentConfig();
    typo.name = "typo";
    typo.set = Map.of("learnignRate", "0.1");
    mojo.experiments = List.of(typo);
    mojo.sweeps = List.of();
    mojo.outputDirectory = dir.resolve("out").toFile();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Invalid experiments: experiments/experiment[1]/set: unknown key 'learnignRate', "
            + "expected one of ");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "experiments", pom = POM)
  void aBadValueNamesTheExperimentAndKey(ExperimentsMojo mojo) throws Exception {
    ExperimentConfig bad = new ExperimentConfig();
    bad.name = "hot";
    bad.set = Map.of("learningRate", "0");
    mojo.experiments = List.of(bad);
    mojo.sweeps = List.of();
    mojo.manifestFile = io.github.fashionae.testing.MojoFixtures.realManifest(dir.resolve("manifest.json"));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter experiments/hot/learningRate: expected a number above 0, found 0.0");
  }

  @Test
  @InjectMojo(goal = "experiments", pom = POM)
  void aBadBaselineClassifierValueNamesTheClassifierParameter(ExperimentsMojo mojo) throws Exception {
    mojo.classifierLearningRate = 0;
    mojo.manifestFile = io.github.fashionae.testing.MojoFixtures.realManifest(dir.resolve("manifest.json"));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter classifierLearningRate (fashionae.classifierLearningRate): expected a number "
            + "above 0, found 0.0");
  }
}
