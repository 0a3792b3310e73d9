package io.github.fashionae.maven;

import io.github.fashionae.remote.RemoteCacheConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Named;
import org.apache.maven.SessionScoped;

/**
 * What one Maven build (session) knows across the plugin's goals and projects, injected into every mojo: which
 * projects' executions were checked, what was said once (the offline remote, unauthenticated entries, unknown
 * properties, the quality gate's verdict), and the remote cache's health (a remote down for one goal is down for
 * all). Maven creates one per session, so two builds in one JVM (the invoker's, an IDE's) share nothing, and
 * nothing outlives its build: no static map keyed by the session.
 */
@Named
@SessionScoped
public class BuildSession {

  private final Set<String> checkedProjects = ConcurrentHashMap.newKeySet();

  private final Set<String> said = ConcurrentHashMap.newKeySet();

  private final RemoteCacheConfig.Health remoteHealth = new RemoteCacheConfig.Health();

  /**
   * True the first time for {@code projectId}: its executions are checked by the first goal of the build that runs
   * in it, once.
   */
  boolean firstCheckOf(String projectId) {
    return checkedProjects.add(projectId);
  }

  /** True the first time {@code line} (a line, or a key standing for one) is asked about in this build. */
  boolean firstTime(String line) {
    return said.add(line);
  }

  /** The remote cache's health in this build, shared by its goals. */
  RemoteCacheConfig.Health remoteHealth() {
    return remoteHealth;
  }
}
