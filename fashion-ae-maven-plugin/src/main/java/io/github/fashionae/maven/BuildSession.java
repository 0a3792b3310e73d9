package io.github.fashionae.maven;

import io.github.fashionae.build.StudyBuild;
import io.github.fashionae.remote.RemoteCacheConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.SessionData;

/**
 * One Maven build (session) of the plugin, shared by every mojo of the build: the build's {@link StudyBuild} (the
 * service every goal calls, which knows what was said once and the remote cache's health) and which projects'
 * executions were checked. It lives in the session's own data ({@link #of(MavenSession)}), so two builds in one JVM
 * (the invoker's, an IDE's) share nothing, and nothing outlives its build: no static map keyed by the session.
 *
 * <p>Not a {@code @SessionScoped} component: Maven 3.8 does not bind one declared in a plugin (the mojo fails with
 * "No implementation for BuildSession was bound"), and the plugin supports Maven 3.8.7 and later.
 */
public class BuildSession {

  private final Set<String> checkedProjects = ConcurrentHashMap.newKeySet();

  private final StudyBuild study = new StudyBuild();

  /**
   * The build's one instance, kept in the data of {@code session}'s repository session, which Maven makes once per
   * build on every version the plugin supports. Keyed by this class, so that two versions of the plugin in one build
   * (two class realms) each keep their own. A mojo run without a Maven build around it (a test harness's session,
   * which has no repository session) gets one of its own.
   */
  static BuildSession of(MavenSession session) {
    if (session == null || session.getRepositorySession() == null) {
      return new BuildSession();
    }
    SessionData data = session.getRepositorySession().getData();
    Object key = BuildSession.class;
    while (true) {
      Object existing = data.get(key);
      if (existing != null) {
        return (BuildSession) existing;
      }
      BuildSession created = new BuildSession();
      if (data.set(key, null, created)) {
        return created;
      }
    }
  }

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
