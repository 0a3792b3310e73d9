package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ReleaseCoordinatesTest {

  @Test
  void coordinatesAreGroupArtifactVersionOrAVersionOfThisProject() {
    assertThat(MavenReleaseFinder.Coordinates.parse("baseline", " io.github.example:example:1.2.0 ", "g", "a"))
        .isEqualTo(new MavenReleaseFinder.Coordinates("io.github.example", "example", "1.2.0"));
    assertThat(MavenReleaseFinder.Coordinates.parse("baseline", "RELEASE", "g", "a"))
        .isEqualTo(new MavenReleaseFinder.Coordinates("g", "a", "RELEASE"));
    MavenReleaseFinder.Coordinates range = MavenReleaseFinder.Coordinates.parse("baseline", "g:a:[1.0,2.0)", "x", "y");
    assertThat(range.isRange()).isTrue();
    assertThat(range).hasToString("g:a:[1.0,2.0)");
    assertThat(MavenReleaseFinder.Coordinates.parse("release", "1.0.0", "g", "a").isRange()).isFalse();
  }

  @Test
  void anythingElseIsNamedWithWhatIsExpected() {
    for (String bad : new String[] {"", "g:a", "g:a:1:jar", "g::1", "g:a b:1", ":a:1"}) {
      assertThatThrownBy(() -> MavenReleaseFinder.Coordinates.parse("baseline", bad, "g", "a"))
          .isInstanceOf(InvalidParameterException.class)
          .hasMessageContaining("groupId:artifactId:version, or a version alone for this project's own")
          .hasMessageContaining("'" + bad.trim() + "'");
    }
  }
}
