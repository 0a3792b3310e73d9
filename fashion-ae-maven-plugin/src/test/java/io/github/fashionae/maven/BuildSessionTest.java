package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.junit.jupiter.api.Test;

class BuildSessionTest {

  @SuppressWarnings("deprecation") // the constructor Maven 3.8 and 3.9 both have
  private static MavenSession session() {
    return new MavenSession(null, new DefaultRepositorySystemSession(), new DefaultMavenExecutionRequest(),
        new DefaultMavenExecutionResult());
  }

  @Test
  void oneBuildSharesOneInstanceAndTwoBuildsShareNothing() {
    MavenSession first = session();
    MavenSession second = session();
    BuildSession build = BuildSession.of(first);
    assertThat(BuildSession.of(first)).isSameAs(build);
    assertThat(BuildSession.of(second)).isNotSameAs(build).isSameAs(BuildSession.of(second));
    // what one goal of a build says once, the next goal of that build knows; another build says it again
    assertThat(build.firstTime("offline")).isTrue();
    assertThat(BuildSession.of(first).firstTime("offline")).isFalse();
    assertThat(BuildSession.of(second).firstTime("offline")).isTrue();
  }
}
