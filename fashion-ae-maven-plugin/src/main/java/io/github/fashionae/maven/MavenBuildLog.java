package io.github.fashionae.maven;

import io.github.fashionae.util.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Maven's log behind the plugin's own {@link BuildLog}. */
final class MavenBuildLog implements BuildLog {

  private final Log log;

  private final BuildSession build;

  /** Maven's {@code log}; {@code build} (null for none) remembers the lines said once per build. */
  MavenBuildLog(Log log, BuildSession build) {
    this.log = log;
    this.build = build;
  }

  @Override
  public void infoOnce(String message) {
    if (build == null || build.firstTime(message)) {
      log.info(message);
    }
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }

  @Override
  public void debug(String message) {
    log.debug(message);
  }
}
