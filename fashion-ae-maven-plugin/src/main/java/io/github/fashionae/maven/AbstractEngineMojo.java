package io.github.fashionae.maven;

import io.github.fashionae.fork.ForkedJvm;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that fork the engine JVM share (training and evaluation): how to start it, and {@code force}. */
abstract class AbstractEngineMojo extends AbstractOutputMojo {

  /**
   * OpenMP threads of each forked training and evaluation JVM. Results are bit-identical only for the same
   * thread count, which is why it is a fingerprint input. Example: {@code -Dfashionae.threads=2}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.threads", defaultValue = "1")
  int threads;

  /**
   * Maximum heap of each forked JVM, its {@code -Xmx}: a number with a unit, e.g. {@code 512m} or {@code 2g}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.maxHeap", defaultValue = "512m")
  String maxHeap;

  /**
   * Further JVM arguments of the forked JVMs, whitespace-separated, e.g. {@code -XX:+UseSerialGC -verbose:gc};
   * none by default.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.jvmArgs", defaultValue = "")
  String jvmArgs;

  /**
   * The java executable that runs the forked JVMs, e.g. {@code /usr/lib/jvm/java-21-openjdk-amd64/bin/java}. The
   * property {@code fashionae.java} of earlier snapshots still works, with a deprecation warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.javaExecutable", defaultValue = "${java.home}/bin/java")
  File javaExecutable;

  /**
   * Redo the work even when the cache holds its result, and replace the cache entry: {@code -Dfashionae.force}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.force", defaultValue = "false")
  boolean force;

  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true)
  List<Artifact> pluginArtifacts;

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
