package io.github.fashionae.stage;

import java.util.Objects;

/**
 * One dataset file as a stage's input: its upstream name and the SHA-256 of its decompressed payload. Where
 * the file lies is not an input; the run plan says that.
 *
 * @param name the upstream name without .gz, e.g. {@code train-images-idx3-ubyte}
 * @param sha256 the SHA-256 of its decompressed payload
 */
public record DatasetDigest(String name, String sha256) {

  public DatasetDigest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
  }
}
