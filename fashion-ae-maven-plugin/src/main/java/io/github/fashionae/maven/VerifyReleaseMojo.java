package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkException;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.release.ReleaseRebuild;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ClassifierStage;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.store.ReproducibilityException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies a released model by rebuilding it: resolves the release's model cards and models through Maven's
 * resolver (the build's repositories, mirrors, credentials; {@code -o}: the local repository), trains each stage
 * again from the inputs its card records (dataset digests, settings, seed, engine revision, the encoder by its
 * digest), never from a cache, and fails unless the rebuilt {@code model.zip} and {@code model.onnx} have the
 * released SHA-256, printing both and the inputs used. A released file that is not what its card states fails
 * before any training. Needs the dataset of fetch-dataset, e.g.
 * {@code mvn fashion-ae:fetch-dataset fashion-ae:verify-release -Dfashionae.release=1.2.0}. Under the portable
 * numerics (the default) a release reproduces on any x86-64 machine; a release of the native engine only on its
 * kind of CPU and thread count, which the goal says.
 */
@Mojo(name = "verify-release", threadSafe = true)
public class VerifyReleaseMojo extends AbstractStudyMojo {

  /**
   * The release to rebuild: {@code groupId:artifactId:version}, or a version alone for this project's own; the
   * version exact ({@code 1.2.0}), a range ({@code [1.0,2.0)}: its newest release) or {@code RELEASE} (the newest
   * release before this project's version). Example: {@code -Dfashionae.release=io.github.example:example:1.2.0}.
   * Required: none by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.release")
  String release;

  /**
   * The stages to rebuild, by name, e.g. {@code classifier-frozen} (comma-separated on the command line): a
   * classifier's encoder is the release's autoencoder, so one classifier can be verified alone. Every stage the
   * release published when empty, the default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.stages")
  List<String> stages;

  @Override
  String goal() {
    return "verify-release";
  }

  @Override
  boolean runsInShardBuilds() {
    return false;
  }

  @Override
  void validate() throws MojoExecutionException {
    finder();
    stageNames();
    fork();
  }

  @Override
  List<Path> outputFolders() {
    return List.of(outputDirectory.toPath().resolve("verify-release"));
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException, ReproducibilityException {
    // every stage a release can publish is looked up: an autoencoder serves as the encoder of a classifier rebuilt
    List<String> asked = stageNames();
    MavenReleaseFinder finder = finder();
    ForkedJvm.Fork fork = fork();
    build.study().verifyRelease(new ReleaseRebuild.Request(finder.release(known()), asked, manifestFile.toPath(),
        engine(), outputDirectory.toPath().resolve("verify-release"), fork), buildLog());
  }

  /** The finder of {@link #release}, which must be given. */
  private MavenReleaseFinder finder() throws MojoExecutionException {
    if (release == null || release.isBlank()) {
      throw invalid(new InvalidParameterException("release", "the release to rebuild, e.g. 1.2.0 or "
          + "io.github.example:example:1.2.0", "none"));
    }
    return releaseFinder("release", release);
  }

  /** The stages a release can publish. */
  private static List<String> known() {
    List<String> known = new ArrayList<>(List.of(AutoencoderStage.NAME));
    for (ClassifierMode mode : ClassifierMode.values()) {
      known.add(ClassifierStage.name(mode));
    }
    return known;
  }

  /** The stages asked for, or none for every one published; an unknown name fails before any work. */
  private List<String> stageNames() throws MojoExecutionException {
    List<String> known = known();
    if (stages == null || stages.isEmpty()) {
      return List.of();
    }
    for (String stage : stages) {
      if (!known.contains(stage.trim())) {
        throw invalid(new InvalidParameterException("stages", "stages a release publishes (" + String.join(", ",
            known) + ")", "'" + stage.trim() + "'"));
      }
    }
    return stages.stream().map(String::trim).distinct().toList();
  }
}
