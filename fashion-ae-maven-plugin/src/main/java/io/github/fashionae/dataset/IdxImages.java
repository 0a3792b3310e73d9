package io.github.fashionae.dataset;

/**
 * Images decoded from an IDX file: {@code count} images of {@code rows x columns} unsigned bytes, row-major,
 * one after the other.
 */
public record IdxImages(int count, int rows, int columns, byte[] pixels) {

  /** The grey value (0..255) of pixel (row, column) of image {@code index}. */
  public int pixel(int index, int row, int column) {
    return pixels[(index * rows + row) * columns + column] & 0xff;
  }
}
