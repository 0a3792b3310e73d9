package io.github.fashionae.maven;

import io.github.fashionae.build.StudyBuild;
import io.github.fashionae.remote.RemoteCacheConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Named;
import org.apache.maven.SessionScoped;

/**
 * One Maven build (session) of the plugin, injected into every mojo: the build's {@link StudyBuild} (the service
 * every goal calls, which knows what was said once and the remote cache's health) and which projects' executions
 * were checked. Maven creates one per session, so two builds in one JVM (the invoker's, an IDE's) share nothing,
 * and nothing outlives its build: no static map keyed by the session.
 */
@Named
@SessionScoped
public class BuildSession {

  private final Set<String> checkedProjects = ConcurrentHashMap.newKeySet();

  private final StudyBuild study = new StudyBuild();

  /**
   * True the first time for {@code projectId}: its executions are checked by the first goal of the build that runs
   * in it, once.
   */
  boolean firstCheckOf(String projectId) {
    return checkedProjects.add(projectId);
  }

  /** The build's study service. */
  StudyBuild study() {
    return study;
  }

  /** True the first time {@code line} (a line, or a key standing for one) is asked about in this build. */
  boolean firstTime(String line) {
    return study.firstTime(line);
  }

  /** The remote cache's health in this build, shared by its goals. */
  RemoteCacheConfig.Health remoteHealth() {
    return study.remoteHealth();
  }
}
