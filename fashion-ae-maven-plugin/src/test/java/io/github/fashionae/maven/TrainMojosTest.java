package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.MojoLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training goals as Maven configures them: parameters checked before any work, then a real short run. */
@MojoTest
class TrainMojosTest {

  private static final String POM = "src/test/resources/unit/train/pom.xml";

  @TempDir
  Path dir;

  private File manifest() throws Exception {
    return MojoFixtures.realManifest(dir.resolve("manifest.json"));
  }

  private void configure(AbstractStudyMojo mojo) throws Exception {
    mojo.manifestFile = manifest();
    mojo.outputDirectory = dir.resolve("out").toFile();
    mojo.cacheDirectory = dir.resolve("cache").toFile();
    mojo.pluginArtifacts = MojoFixtures.classpathArtifacts();
    mojo.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toFile();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void trainsTheAutoencoderThenTakesItFromTheCache(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    MavenProject project = new MavenProject();
    project.setArtifact(new DefaultArtifact("io.github.fashionae.test", "train-harness", "1", "compile", "pom", null,
        new DefaultArtifactHandler("pom")));
    mojo.project = project;
    List<String> infos = MojoLog.of(mojo).infos();

    mojo.execute();
    byte[] model = Files.readAllBytes(dir.resolve("out/autoencoder/model.zip"));
    assertThat(infos).anyMatch(l -> l.matches("autoencoder [0-9a-f]{12}: not in the cache.*; training"));
    String fingerprint = infos.stream().filter(l -> l.startsWith("autoencoder ") && l.contains(": not in the cache"))
        .findFirst().orElseThrow().substring("autoencoder ".length(), "autoencoder ".length() + 12);
    io.github.fashionae.util.FileTrees.deleteTree(dir.resolve("out")); // mvn clean
    infos.clear();
    mojo.execute();

    // the second build took the stage from the cache: it says so, and no engine JVM trained
    assertThat(infos).anyMatch(l -> l.startsWith("autoencoder " + fingerprint + ": up to date (from the cache "
        + dir.resolve("cache/stages")));
    assertThat(infos).noneMatch(l -> l.contains("training") || l.contains(" epoch "));
    assertThat(dir.resolve("out/autoencoder/history.json")).isRegularFile();
    assertThat(dir.resolve("out/autoencoder/model-card.json")).isRegularFile();
    assertThat(Files.readAllBytes(dir.resolve("out/autoencoder/model.zip"))).isEqualTo(model);
    assertThat(dir.resolve("cache/stages")).isDirectory();
    assertThat(project.getAttachedArtifacts()).anySatisfy(artifact -> {
      assertThat(artifact.getClassifier()).isEqualTo("autoencoder");
      assertThat(artifact.getType()).isEqualTo("zip");
      assertThat(artifact.getFile()).isEqualTo(dir.resolve("out/autoencoder/model.zip").toFile());
    });

    // fashionae.force: retrained although cached, and the entry replaced by the new one (seed-deterministic: the same
    // bytes, in a new folder)
    Path entry;
    try (Stream<Path> entries = Files.list(dir.resolve("cache/stages"))) {
      entry = entries.filter(p -> p.getFileName().toString().startsWith(fingerprint) && Files.isDirectory(p)
          && !p.getFileName().toString().contains(".")).findFirst().orElseThrow();
    }
    Object before = Files.readAttributes(entry, BasicFileAttributes.class).fileKey();
    infos.clear();
    mojo.force = true;
    mojo.execute();
    assertThat(infos).anyMatch(l -> l.startsWith("autoencoder " + fingerprint + ": in the cache, but retrained "
        + "(fashionae.force"));
    assertThat(infos).anyMatch(l -> l.startsWith("autoencoder epoch 1/"));
    assertThat(Files.readAttributes(entry, BasicFileAttributes.class).fileKey()).as("the entry was replaced")
        .isNotEqualTo(before);
    assertThat(Files.readAllBytes(entry.resolve("model.zip"))).isEqualTo(model);
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void thePortableNumericsTrainTheSameModelWithOneThreadAsWithTwoAndOneFingerprintServesBoth(
      TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    MavenProject project = new MavenProject();
    project.setArtifact(new DefaultArtifact("io.github.fashionae.test", "train-harness", "1", "compile", "pom", null,
        new DefaultArtifactHandler("pom")));
    mojo.project = project; // the numerics left at their default: portable
    List<String> infos = MojoLog.of(mojo).infos();
    mojo.threads = 1;
    mojo.execute();
    byte[] oneThread = Files.readAllBytes(dir.resolve("out/autoencoder/model.zip"));
    String card = Files.readString(dir.resolve("out/autoencoder/model-card.json"));
    assertThat(infos).as("no platform probe: not an input").noneMatch(l -> l.startsWith("Engine platform:"));

    // another machine: its own cache and output, two threads; it trains again, to the same bytes
    mojo.threads = 2;
    mojo.outputDirectory = dir.resolve("out-2").toFile();
    mojo.cacheDirectory = dir.resolve("cache-2").toFile();
    infos.clear();
    mojo.execute();
    assertThat(infos).anyMatch(l -> l.matches("autoencoder [0-9a-f]{12}: not in the cache.*; training"));
    assertThat(Files.readAllBytes(dir.resolve("out-2/autoencoder/model.zip"))).isEqualTo(oneThread);
    assertThat(Files.readString(dir.resolve("out-2/autoencoder/model-card.json"))).isEqualTo(card);
    assertThat(card).contains("portable-numerics-r" + EngineIdentity.PORTABLE_NUMERICS_REVISION).doesNotContain("engine.threads").doesNotContain("onednn-avx");

    // and the native numerics are a configuration choice of their own, checked before any work
    mojo.numerics = "fast";
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter numerics (fashionae.numerics): expected native or "
        + "portable, found 'fast'");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void rejectsDropoutOfOneNamingTheParameterAndProperty(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    mojo.dropout = 1.0;

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter dropout (fashionae.dropout): expected a drop probability in "
            + "[0, 1), found 1.0");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void rejectsAnUnknownOptimizer(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    mojo.optimizer = "adagrad";

    assertThatThrownBy(mojo::execute)
        .hasMessage("Invalid parameter optimizer (fashionae.optimizer): expected one of adam, sgd, "
            + "found 'adagrad'");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void rejectsZeroEpochsAndZeroBatchAndZeroLatent(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    mojo.epochs = 0;
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter epochs (fashionae.epochs): expected at least 1, "
        + "found 0");
    mojo.epochs = 1;
    mojo.batchSize = 0;
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter batchSize (fashionae.batchSize): expected at "
        + "least 1, found 0");
    mojo.batchSize = 100;
    mojo.latentSize = 0;
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter latentSize (fashionae.latentSize): expected at "
        + "least 1, found 0");
    mojo.latentSize = 64;
    mojo.learningRate = -0.1;
    assertThatThrownBy(mojo::execute).hasMessage("Invalid parameter learningRate "
        + "(fashionae.learningRate): expected a number above 0, found -0.1");
  }

  @Test
  @InjectMojo(goal = "train-autoencoder", pom = POM)
  void saysToRunFetchDatasetWhenThereIsNoManifest(TrainAutoencoderMojo mojo) throws Exception {
    configure(mojo);
    mojo.manifestFile = dir.resolve("absent.json").toFile();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("no dataset manifest; run the fetch-dataset goal first");
  }

  @Test
  @InjectMojo(goal = "train-classifier", pom = POM)
  void theClassifierNeedsTheTrainedAutoencoder(TrainClassifierMojo mojo) throws Exception {
    configure(mojo);
    mojo.encoderModel = dir.resolve("nothing.zip").toFile();

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter encoderModel (fashionae.encoderModel): expected the model.zip of a trained "
            + "autoencoder, as train-autoencoder writes it (to target/fashion-ae/autoencoder/model.zip), at "
            + dir.resolve("nothing.zip") + ", found no file (train-autoencoder runs first)");
  }

  @Test
  @InjectMojo(goal = "train-classifier", pom = POM)
  void rejectsAnUnknownMode(TrainClassifierMojo mojo) throws Exception {
    configure(mojo);
    mojo.encoderModel = manifest(); // any file: the modes are checked first
    mojo.classifierModes = List.of("finetune", "partial");

    assertThatThrownBy(mojo::execute)
        .hasMessage("Invalid parameter classifierModes (fashionae.classifierModes): expected finetune or frozen, "
            + "found 'partial'");
  }
}
