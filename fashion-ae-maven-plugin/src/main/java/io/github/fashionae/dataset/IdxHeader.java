package io.github.fashionae.dataset;

/**
 * The header of an IDX file as read from it. Nothing here is trusted until checked: {@link #payloadBytes()}
 * is what the header claims, computed in {@code long} so that a huge claim cannot overflow.
 *
 * @param kind images or labels, from the magic number
 * @param count the number of items the header declares
 * @param rows rows per image (1 for labels)
 * @param columns columns per image (1 for labels)
 */
public record IdxHeader(IdxKind kind, long count, int rows, int columns) {

  /** Bytes of one item: rows * columns for images, 1 for labels. */
  public long itemBytes() {
    return (long) rows * columns;
  }

  /** The payload length this header claims: header bytes plus count items. */
  public long payloadBytes() {
    return kind.headerBytes() + count * itemBytes();
  }
}
