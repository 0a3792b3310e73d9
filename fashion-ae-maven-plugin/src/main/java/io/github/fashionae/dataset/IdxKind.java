package io.github.fashionae.dataset;

import java.util.Locale;

/** The two kinds of IDX file Fashion-MNIST ships: unsigned-byte images (3 dimensions) and labels (1). */
public enum IdxKind {
  /** {@code idx3-ubyte}: magic 0x00000803, then count, rows, columns, then count * rows * columns bytes. */
  IMAGES(0x00000803, 16),
  /** {@code idx1-ubyte}: magic 0x00000801, then count, then count bytes. */
  LABELS(0x00000801, 8);

  private final int magic;
  private final int headerBytes;

  IdxKind(int magic, int headerBytes) {
    this.magic = magic;
    this.headerBytes = headerBytes;
  }

  public int magic() {
    return magic;
  }

  public int headerBytes() {
    return headerBytes;
  }

  /** Lower-case name for messages: "images" or "labels". */
  public String noun() {
    return name().toLowerCase(Locale.ROOT);
  }
}
