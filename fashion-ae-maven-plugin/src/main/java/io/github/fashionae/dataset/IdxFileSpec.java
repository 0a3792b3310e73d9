package io.github.fashionae.dataset;

import io.github.fashionae.util.Sha256;
import java.util.Objects;

/**
 * One file of a dataset as it must be after decompression: its upstream name (without {@code .gz}), its
 * kind, and the SHA-256 and size of the decompressed IDX payload. Mirrors re-compress the files, so the
 * payload, not the gzip bytes, is what identifies a file.
 *
 * @param name upstream file name without the {@code .gz} suffix, e.g. {@code train-images-idx3-ubyte}
 * @param kind images or labels
 * @param sha256 lower-case hex SHA-256 of the decompressed payload
 * @param payloadBytes size of the decompressed payload in bytes
 */
public record IdxFileSpec(String name, IdxKind kind, String sha256, long payloadBytes) {

  public IdxFileSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (!Sha256.isValidHex(sha256)) {
      throw new IllegalArgumentException("sha256 of " + name + " must be 64 lower-case hex digits, found " + sha256);
    }
    if (payloadBytes < kind.headerBytes()) {
      throw new IllegalArgumentException("payloadBytes of " + name + " must be at least the IDX header, found "
          + payloadBytes);
    }
  }

  /** The name of the compressed file as mirrors and Debian serve it. */
  public String gzipName() {
    return name + ".gz";
  }
}
