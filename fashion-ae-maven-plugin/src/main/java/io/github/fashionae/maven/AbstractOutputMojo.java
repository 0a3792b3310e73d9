package io.github.fashionae.maven;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.stage.EngineIdentity;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/** What the goals that read or write the build's stage folders share: where they are, and the project. */
abstract class AbstractOutputMojo extends AbstractFashionAeMojo {

  /**
   * Where each stage's model, history, evaluation, job and log go, one folder per stage, and
   * {@code experiments/<name>/<stage>/} for experiments. Example: {@code ${project.build.directory}/models}. Two
   * executions of a training goal need one each (the build fails before any work when they share one); outside
   * the default folder the models are attached with the folder's name before the stage's, e.g.
   * {@code models-autoencoder}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.outputDirectory", defaultValue = "${project.build.directory}/fashion-ae")
  File outputDirectory;

  /**
   * The dataset manifest written by fetch-dataset: the verified files, their payload digests and counts. The
   * property {@code fashionae.datasetManifest} of earlier snapshots still works, with a deprecation warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.manifestFile",
      defaultValue = "${project.build.directory}/fashion-ae/dataset/manifest.json")
  File manifestFile;

  /**
   * The entry time of model archives, and the date a report shows, as for every reproducible Maven artifact:
   * an ISO-8601 instant such as {@code 2026-11-27T00:00:00Z}, or seconds since the epoch.
   *
   * @since 0.1.0
   */
  @Parameter(defaultValue = "${" + PROJECT_TIMESTAMP + "}")
  String outputTimestamp;

  /** The project property of reproducible builds that {@link #outputTimestamp} defaults to. */
  static final String PROJECT_TIMESTAMP = "project.build.outputTimestamp";

  @Component
  MavenProjectHelper projectHelper;

  /** The engine's identity for fingerprints: DL4J, natives, training revision and this plugin's version. */
  String engine() {
    return EngineIdentity.of(pluginVersion());
  }

  String pluginVersion() {
    return plugin == null ? "dev" : plugin.getVersion();
  }

  Path stageDirectory(String stage) {
    return outputDirectory.toPath().resolve(stage);
  }

  void attach(String type, String classifier, Path file) {
    if (project != null && projectHelper != null) {
      projectHelper.attachArtifact(project, type, classifier, file.toFile());
    }
  }

  /** The entry time of archives: project.build.outputTimestamp, or the zip epoch when unset. */
  String archiveTime() throws MojoExecutionException {
    return entryTime().toString();
  }

  /**
   * {@link #outputTimestamp} as an instant, or the zip epoch when unset.
   *
   * @throws MojoExecutionException naming the parameter as the POM set it: the plugin's {@code <outputTimestamp>},
   *     or the project's {@code project.build.outputTimestamp} property it defaults to
   */
  Instant entryTime() throws MojoExecutionException {
    try {
      return DeterministicZip.entryTime(outputTimestamp);
    } catch (IllegalArgumentException e) {
      String fromProject = project == null ? null : project.getProperties().getProperty(PROJECT_TIMESTAMP);
      String named = outputTimestamp.equals(fromProject) ? "outputTimestamp (the project's " + PROJECT_TIMESTAMP
          + " property)" : "outputTimestamp";
      throw new MojoExecutionException("Invalid parameter " + named + ": " + e.getMessage());
    }
  }
}
