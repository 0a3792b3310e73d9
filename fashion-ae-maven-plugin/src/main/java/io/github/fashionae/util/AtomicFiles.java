package io.github.fashionae.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes that never leave a half-written file behind: the bytes go to a temporary file in the target's
 * own directory, which then replaces the target in one atomic rename.
 */
public final class AtomicFiles {

  private AtomicFiles() {
  }

  /**
   * A new, empty temporary file beside {@code target}, named after it so that a stray one is recognisable. It is
   * created with the process's umask, like any file Maven writes (not {@code Files.createTempFile}'s owner-only
   * mode), so the file it becomes can be read by whoever may read its folder: a team's shared cache, a web
   * server serving the report.
   */
  public static Path tempFileBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().normalize().getParent();
    Files.createDirectories(dir);
    while (true) {
      Path temp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".part");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // a name drawn twice: draw again
      }
    }
  }

  /** Renames {@code source} onto {@code target} atomically, replacing a target that exists. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("Cannot replace " + target + " atomically: its file system does not support "
          + "atomic renames within a directory", e);
    }
  }

  /**
   * Writes {@code content} to {@code target} atomically. When the target already holds exactly these bytes
   * it is left untouched, so its modification time stays stable for incremental builds.
   *
   * @return true when the file was (re)written, false when it already held the content
   */
  public static boolean write(Path target, byte[] content) throws IOException {
    if (Files.isRegularFile(target) && Files.size(target) == content.length
        && Arrays.equals(Files.readAllBytes(target), content)) {
      return false;
    }
    Path temp = tempFileBeside(target);
    try {
      Files.write(temp, content);
      moveAtomically(temp, target);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
