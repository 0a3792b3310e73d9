package io.github.fashionae.maven;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.training.Engine;
import io.github.fashionae.training.ForkedJvm;
import io.github.fashionae.training.TrainingJob;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * What the goals that run the engine share (training and evaluation): the dataset manifest, the stage folders,
 * and the forked JVM that runs DL4J.
 */
abstract class AbstractEngineMojo extends AbstractFashionAeMojo {

  /**
   * OpenMP threads of the forked training and evaluation JVMs. Results are bit-identical only for the same
   * thread count.
   */
  @Parameter(property = "fashionae.threads", defaultValue = "1")
  int threads;

  /** Maximum heap of the forked JVMs (their -Xmx). */
  @Parameter(property = "fashionae.maxHeap", defaultValue = "512m")
  String maxHeap;

  /** Further JVM arguments of the forked JVMs, whitespace-separated; none by default. */
  @Parameter(property = "fashionae.jvmArgs", defaultValue = "")
  String jvmArgs;

  /** The java executable that runs the forked JVMs. */
  @Parameter(property = "fashionae.java", defaultValue = "${java.home}/bin/java")
  File javaExecutable;

  /** The dataset manifest written by fetch-dataset. */
  @Parameter(property = "fashionae.datasetManifest",
      defaultValue = "${project.build.directory}/fashion-ae/dataset/manifest.json")
  File manifestFile;

  /** Where each stage's model, history, evaluation, job and log go, one folder per stage. */
  @Parameter(property = "fashionae.outputDirectory", defaultValue = "${project.build.directory}/fashion-ae")
  File outputDirectory;

  /** Redo the work even when the cache holds its result, and replace the cache entry. */
  @Parameter(property = "fashionae.force", defaultValue = "false")
  boolean force;

  /** The entry time of archives, and the date a report shows, as for every reproducible Maven artifact. */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  String outputTimestamp;

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Component
  MavenProjectHelper projectHelper;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  PluginDescriptor plugin;

  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true)
  List<Artifact> pluginArtifacts;

  /** The verified dataset files from fetch-dataset's manifest. */
  List<TrainingJob.DataFile> dataset() throws MojoExecutionException {
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.read(manifestFile.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(manifestFile + ": " + e.getMessage(), e);
    }
    List<TrainingJob.DataFile> files = new ArrayList<>();
    for (IdxFileSpec spec : FashionMnist.SPEC.files()) {
      DatasetManifest.Entry entry = manifest.entry(spec.name()).orElseThrow(() -> new MojoExecutionException(
          manifestFile + ": expected an entry for " + spec.name() + ", found none; run fetch-dataset again"));
      if (!spec.sha256().equals(entry.sha256())) {
        throw new MojoExecutionException(manifestFile + ": " + spec.name() + " has payload SHA-256 " + entry.sha256()
            + ", expected " + spec.sha256() + "; run fetch-dataset again");
      }
      files.add(new TrainingJob.DataFile(spec.name(), entry.path(), entry.sha256()));
    }
    return files;
  }

  /** The engine's identity for fingerprints: DL4J, natives, training revision and this plugin's version. */
  String engine() {
    return Engine.IDENTITY + "/fashion-ae-maven-plugin-" + pluginVersion();
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
    try {
      return DeterministicZip.entryTime(outputTimestamp).toString();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** How to start the forked engine JVM: this plugin's own classpath, the configured java, heap and options. */
  ForkedJvm.Fork fork() throws MojoExecutionException {
    Set<Path> classpath = new LinkedHashSet<>();
    if (plugin != null && plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
      classpath.add(plugin.getPluginArtifact().getFile().toPath());
    }
    for (Artifact artifact : pluginArtifacts == null ? List.<Artifact>of() : pluginArtifacts) {
      if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    if (classpath.isEmpty()) {
      throw new MojoExecutionException("Cannot run " + goal() + ": the plugin's own artifacts are unknown, so the "
          + "forked JVM has no classpath");
    }
    List<String> extra = jvmArgs == null || jvmArgs.isBlank() ? List.of()
        : Arrays.asList(jvmArgs.trim().split("\\s+"));
    return new ForkedJvm.Fork(javaExecutable.toPath(), new ArrayList<>(classpath), maxHeap, extra);
  }
}
