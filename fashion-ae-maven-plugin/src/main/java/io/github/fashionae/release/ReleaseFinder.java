package io.github.fashionae.release;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a released version of the project and its published stages. The build tool implements it (Maven: its
 * resolver, with the build's repositories, mirrors, credentials and offline mode); the evaluation and the release's
 * verification only ask.
 */
@FunctionalInterface
public interface ReleaseFinder {

  /**
   * The release and its files for those of {@code stages} it published.
   *
   * @param stages this build's stage folder names, e.g. "autoencoder", "classifier-finetune"
   * @return the release, or none with the line that says why (no version matches, none in the repositories)
   * @throws IOException when a repository cannot be read, or a published file is not what it claims
   */
  Found find(List<String> stages) throws IOException;

  /**
   * What a search found.
   *
   * @param release the release, when there is one
   * @param line what was searched and what was found, for the log: "io.github.example:example-project:1.2.0 (the
   *     newest release before 1.3.0-SNAPSHOT)" or "no release of io.github.example:example-project before 1.0.0 in
   *     central"
   */
  record Found(Optional<Release> release, String line) {
    public Found {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(line, "line");
    }
  }
}
