package io.github.fashionae.evaluation;

import io.github.fashionae.release.ReleaseFinder;
import java.util.List;
import java.util.Objects;

/**
 * What evaluate compares this build with: a released version of the project, and the rules against it.
 *
 * @param requested the coordinates as the user gave them, for messages, e.g. "io.github.example:example:RELEASE"
 * @param finder finds the release and its stages
 * @param required whether a build that finds no release fails (else it says so and goes on: a first release)
 * @param rules the rules against the release, validated
 */
public record Baseline(String requested, ReleaseFinder finder, boolean required, List<ReleaseRule> rules) {

  public Baseline {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(finder, "finder");
    rules = List.copyOf(rules);
  }
}
