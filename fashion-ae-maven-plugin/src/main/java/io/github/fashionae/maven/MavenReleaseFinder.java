package io.github.fashionae.maven;

import io.github.fashionae.release.Release;
import io.github.fashionae.release.ReleaseFinder;
import io.github.fashionae.stage.InvalidParameterException;
import io.github.fashionae.stage.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.version.Version;

/**
 * Finds a released version of a project through Maven's own resolver: the build's repositories (the POM's and
 * settings.xml's), their mirrors, proxies and credentials, and offline mode ({@code -o}: only what the local
 * repository holds). A stage is published as the artifacts {@code <stage>-card} (json), {@code <stage>} (zip and
 * onnx) of the project, the classifiers the training goals attach.
 */
final class MavenReleaseFinder implements ReleaseFinder {

  /** The version that stands for the newest release before this build's version. */
  static final String NEWEST = "RELEASE";

  /**
   * Coordinates of a release, as a user writes them: {@code groupId:artifactId:version}, or a version alone for
   * this project's own; the version exact ({@code 1.2.0}), a range ({@code [1.0,2.0)}), or {@link #NEWEST}.
   *
   * @param groupId the project's groupId
   * @param artifactId its artifactId
   * @param version exact, a range, or {@link #NEWEST}
   */
  record Coordinates(String groupId, String artifactId, String version) {

    /**
     * Parses {@code text}, a version alone meaning {@code project}'s own groupId and artifactId.
     *
     * @throws InvalidParameterException naming {@code parameter}
     */
    static Coordinates parse(String parameter, String text, String projectGroupId, String projectArtifactId) {
      String trimmed = text == null ? "" : text.trim();
      String[] parts = trimmed.split(":", -1);
      boolean valid = !trimmed.isEmpty() && (parts.length == 1 || parts.length == 3)
          && java.util.Arrays.stream(parts).noneMatch(p -> p.isBlank() || p.chars().anyMatch(Character::isWhitespace));
      if (!valid) {
        throw new InvalidParameterException(parameter, "groupId:artifactId:version, or a version alone for this "
            + "project's own; the version exact (1.2.0), a range ([1.0,2.0)) or RELEASE (the newest release before "
            + "this build's version)", "'" + trimmed + "'");
      }
      return parts.length == 1 ? new Coordinates(projectGroupId, projectArtifactId, parts[0])
          : new Coordinates(parts[0], parts[1], parts[2]);
    }

    boolean isRange() {
      return version.startsWith("[") || version.startsWith("(");
    }

    @Override
    public String toString() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;
  private final Coordinates coordinates;
  private final String buildVersion;
  private final Function<String, String> classifier;

  /**
   * @param buildVersion this build's version, below which {@link #NEWEST} looks
   * @param classifier the artifact classifier of a stage folder name (see {@code artifactClassifier})
   */
  MavenReleaseFinder(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories,
                     Coordinates coordinates, String buildVersion, Function<String, String> classifier) {
    this.system = Objects.requireNonNull(system, "system");
    this.session = Objects.requireNonNull(session, "session");
    this.repositories = List.copyOf(repositories);
    this.coordinates = coordinates;
    this.buildVersion = buildVersion;
    this.classifier = classifier;
  }

  @Override
  public Found find(List<String> stages) throws IOException {
    Optional<String> version = version();
    if (version.isEmpty()) {
      return new Found(Optional.empty(), "no release of " + coordinates.groupId() + ":" + coordinates.artifactId()
          + (coordinates.version().equals(NEWEST) ? " before " + buildVersion : " in " + coordinates.version())
          + " in " + where());
    }
    String coordinatesOf = coordinates.groupId() + ":" + coordinates.artifactId() + ":" + version.get();
    List<Release.Stage> found = new ArrayList<>();
    for (String stage : stages) {
      String name = classifier.apply(stage);
      Optional<Path> card = resolve(version.get(), "json", name + "-card", false);
      if (card.isEmpty()) {
        continue;
      }
      Path model = resolve(version.get(), "zip", name, true).orElseThrow();
      Path onnx = resolve(version.get(), "onnx", name, true).orElseThrow();
      found.add(new Release.Stage(stage, model, onnx, ModelCard.read(card.get())));
    }
    if (found.isEmpty()) {
      return new Found(Optional.empty(), coordinatesOf + " published none of the stages " + String.join(", ", stages)
          + " (no artifact " + coordinatesOf + ":json:" + classifier.apply(stages.isEmpty() ? "autoencoder"
          : stages.get(0)) + "-card in " + where() + ")");
    }
    return new Found(Optional.of(new Release(coordinatesOf, found)), describeVersion(version.get()) + ", "
        + found.size() + " stage" + (found.size() == 1 ? "" : "s") + " from " + where());
  }

  /** The files of the stages of an exact release version, for verify-release: every stage asked for must be there. */
  Release release(List<String> stages) throws IOException {
    Found found = find(stages);
    if (found.release().isEmpty()) {
      throw new IOException("Release " + coordinates + ": expected it in the repositories, found " + found.line());
    }
    return found.release().get();
  }

  private String describeVersion(String version) {
    if (coordinates.version().equals(NEWEST)) {
      return "the newest release before " + buildVersion;
    }
    return coordinates.isRange() ? "the newest release in " + coordinates.version() : "as named";
  }

  private String where() {
    String remote = repositories.stream().map(RemoteRepository::getId).collect(Collectors.joining(", "));
    return "the local repository" + (remote.isEmpty() ? "" : session.isOffline() ? " (offline; not " + remote + ")"
        : " and " + remote);
  }

  /** The version to compare with, if any matches. */
  private Optional<String> version() throws IOException {
    if (!coordinates.version().equals(NEWEST) && !coordinates.isRange()) {
      return Optional.of(coordinates.version());
    }
    String range = coordinates.version().equals(NEWEST) ? "(," + buildVersion + ")" : coordinates.version();
    VersionRangeResult result;
    try {
      result = system.resolveVersionRange(session, new VersionRangeRequest(new DefaultArtifact(coordinates.groupId(),
          coordinates.artifactId(), "pom", range), repositories, null));
    } catch (VersionRangeResolutionException | IllegalArgumentException e) {
      throw new IOException("Cannot list the versions of " + coordinates.groupId() + ":" + coordinates.artifactId()
          + " in " + range + ": " + e.getMessage(), e);
    }
    List<Version> versions = new ArrayList<>(result.getVersions());
    versions.removeIf(v -> v.toString().endsWith("SNAPSHOT") || v.toString().equals(buildVersion));
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1).toString());
  }

  /**
   * The local file of one artifact of the release; empty when no repository has it and {@code required} is false.
   *
   * @throws IOException when a repository cannot be read, or a required artifact is missing
   */
  private Optional<Path> resolve(String version, String extension, String artifactClassifier, boolean required)
      throws IOException {
    Artifact artifact = new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), artifactClassifier,
        extension, version);
    try {
      ArtifactResult result = system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null));
      return Optional.of(result.getArtifact().getFile().toPath());
    } catch (ArtifactResolutionException e) {
      boolean missing = e.getResults().stream().flatMap(r -> r.getExceptions().stream())
          .allMatch(x -> x instanceof ArtifactNotFoundException);
      if (missing && !required) {
        return Optional.empty();
      }
      throw new IOException("Release artifact " + artifact + ": expected it in " + where() + ", found "
          + (missing ? "none (the release published a model card but not its models?)" : e.getMessage()), e);
    }
  }
}
