package io.github.fashionae.store;

import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.FileTrees;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Finished stages, content-addressed by fingerprint, under {@code <cacheDirectory>/stages/}: one folder per
 * fingerprint holding the stage's files and a {@code SHA256SUMS} of them, verified before every use. A
 * folder is assembled under a temporary name and renamed into place, so it is whole or absent. Per-epoch
 * checkpoints of a stage in progress live beside it in {@code <fingerprint>.checkpoints/}.
 */
public final class StageCache {

  /** The checksum file of every entry, in the format of {@code sha256sum}. */
  public static final String CHECKSUMS = "SHA256SUMS";

  private final Path root;
  private final BuildLog log;
  private final RemoteCache remote;

  public StageCache(Path cacheDirectory, BuildLog log) {
    this(cacheDirectory, log, RemoteCache.NONE);
  }

  /** The cache under {@code cacheDirectory}, backed by {@code remote} (see {@link CachedSteps}). */
  public StageCache(Path cacheDirectory, BuildLog log, RemoteCache remote) {
    this.root = cacheDirectory.toAbsolutePath().normalize().resolve("stages");
    this.log = log;
    this.remote = remote;
  }

  /** The remote cache behind this one, {@link RemoteCache#NONE} when there is none. */
  public RemoteCache remote() {
    return remote;
  }

  public Path entry(String fingerprint) {
    return root.resolve(fingerprint);
  }

  public Path checkpoints(String fingerprint) {
    return root.resolve(fingerprint + ".checkpoints");
  }

  /** Locks one entry against other threads and builds, waiting while another holds it. */
  public CacheLock lock(String fingerprint, String what) throws IOException {
    return CacheLock.acquire(root.resolve(fingerprint + ".lock"), what, log);
  }

  /**
   * The entry of {@code fingerprint} when it is there and every checksum holds. A corrupt entry is reported,
   * deleted, and treated as absent.
   */
  public Optional<Path> lookup(String fingerprint) throws IOException {
    Path entry = entry(fingerprint);
    if (!Files.isDirectory(entry)) {
      return Optional.empty();
    }
    Optional<String> problem = verify(entry);
    if (problem.isPresent()) {
      log.warn("Cache entry " + entry + " is corrupt (" + problem.get() + "); it is discarded and rebuilt");
      FileTrees.deleteTree(entry);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /** Where a stage's entry is: this machine's cache, the remote cache, or neither. */
  public enum Where {
    /** In this cache, every checksum holding. */
    LOCAL,
    /** Complete in the remote cache, not (yet) in this one. */
    REMOTE,
    /** In neither. */
    MISSING
  }

  /**
   * Where an entry is, and the SHA-256 of one of its files (its model, say) when it is somewhere.
   *
   * @param where where it is
   * @param sha256 the file's digest, from the local file or the remote entry's checksums; empty when missing
   */
  public record Located(Where where, Optional<String> sha256) {
  }

  /**
   * The one answer to "where is this entry?", asked by the plan and the progress of experiments (the steps that
   * provide entries fetch them through the same lookup): a verified local entry, else a complete remote one (its
   * checksums, without downloading its files), else missing; with the SHA-256 of {@code file} in it.
   */
  public Located locate(String fingerprint, String file) throws IOException {
    Optional<Path> local = lookup(fingerprint);
    if (local.isPresent()) {
      return new Located(Where.LOCAL, Optional.of(sha256(local.get().resolve(file))));
    }
    Optional<Map<String, String>> remoteSums = remote.checksums(fingerprint);
    if (remoteSums.isPresent() && remoteSums.get().containsKey(file)) {
      return new Located(Where.REMOTE, Optional.of(remoteSums.get().get(file)));
    }
    return new Located(Where.MISSING, Optional.empty());
  }

  /** What is wrong with an entry, or empty when every file matches its checksum. */
  static Optional<String> verify(Path entry) throws IOException {
    Path sums = entry.resolve(CHECKSUMS);
    if (!Files.isRegularFile(sums)) {
      return Optional.of("no " + CHECKSUMS);
    }
    List<String> lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return Optional.of(CHECKSUMS + " is empty");
    }
    for (String line : lines) {
      String[] parts = line.split(" {2}", 2);
      if (parts.length != 2 || !Sha256.isValidHex(parts[0])) {
        return Optional.of(CHECKSUMS + ": expected 'SHA-256  name' lines, found '" + line + "'");
      }
      Path file = entry.resolve(parts[1]);
      if (!Files.isRegularFile(file)) {
        return Optional.of(parts[1] + " is missing");
      }
      String actual = sha256(file);
      if (!actual.equals(parts[0])) {
        return Optional.of(parts[1] + ": expected SHA-256 " + parts[0] + ", found " + actual);
      }
    }
    return Optional.empty();
  }

  /** A new, empty folder beside the entries, to assemble one in; the caller deletes it. */
  Path partial(String fingerprint) throws IOException {
    Files.createDirectories(root);
    return Files.createDirectory(root.resolve(".partial-" + fingerprint + "-" + UUID.randomUUID()));
  }

  /** Moves the assembled folder {@code partial} into place as the entry of {@code fingerprint}, replacing any. */
  Path adopt(String fingerprint, Path partial) throws IOException {
    Path entry = entry(fingerprint);
    FileTrees.deleteTree(entry);
    AtomicFiles.moveAtomically(partial, entry);
    return entry;
  }

  /** Copies {@code files} of {@code source} into the entry of {@code fingerprint}, replacing any. */
  public Path store(String fingerprint, Path source, List<String> files) throws IOException {
    Files.createDirectories(root);
    Path temp = root.resolve(".partial-" + fingerprint + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(temp);
      StringBuilder sums = new StringBuilder();
      for (String name : files.stream().sorted().toList()) {
        Files.copy(source.resolve(name), temp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        sums.append(sha256(temp.resolve(name))).append("  ").append(name).append('\n');
      }
      Files.writeString(temp.resolve(CHECKSUMS), sums, StandardCharsets.UTF_8);
      Path entry = entry(fingerprint);
      FileTrees.deleteTree(entry);
      AtomicFiles.moveAtomically(temp, entry);
      return entry;
    } finally {
      FileTrees.deleteTree(temp);
    }
  }

  /** Copies every file of an entry (but its checksums) into {@code target}. */
  public static void copyOut(Path entry, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(entry)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().equals(CHECKSUMS)) {
          Path temp = AtomicFiles.tempFileBeside(target.resolve(file.getFileName()));
          Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
          AtomicFiles.moveAtomically(temp, target.resolve(file.getFileName()));
        }
      }
    }
  }

  public static String sha256(Path file) throws IOException {
    return Sha256.ofFile(file);
  }

}
