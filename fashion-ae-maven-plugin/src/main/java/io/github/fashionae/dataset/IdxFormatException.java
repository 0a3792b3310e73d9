package io.github.fashionae.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that is not what it must be. The message names the file, what was expected and what was
 * found. Unlike a plain {@link IOException}, it means the data is bad, not that the build broke.
 */
public class IdxFormatException extends IOException {

  private final transient Path file;

  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
