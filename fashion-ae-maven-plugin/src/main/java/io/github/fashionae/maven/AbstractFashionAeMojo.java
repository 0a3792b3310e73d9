package io.github.fashionae.maven;

import io.github.fashionae.util.BuildLog;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What every goal of the plugin shares: the {@code skip} switch and the log adapter. */
abstract class AbstractFashionAeMojo extends AbstractMojo {

  /** Skips every goal of this plugin. */
  @Parameter(property = "fashionae.skip", defaultValue = "false")
  boolean skip;

  /**
   * The user cache shared by all builds of this user: verified dataset files, finished stages by fingerprint,
   * and checkpoints of stages in progress. It lies outside {@code target/} so that {@code mvn clean} keeps it.
   */
  @Parameter(property = "fashionae.cacheDirectory", defaultValue = "${user.home}/.m2/fashion-ae")
  File cacheDirectory;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping " + goal() + " (fashionae.skip=true)");
      return;
    }
    run();
  }

  /** The goal's name, for messages. */
  abstract String goal();

  /** The goal's work, when not skipped. */
  abstract void run() throws MojoExecutionException, MojoFailureException;

  BuildLog buildLog() {
    return new MavenBuildLog(getLog());
  }
}
