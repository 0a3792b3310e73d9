package io.github.fashionae.dataset;

import io.github.fashionae.util.Sha256;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads and checks gzipped IDX files. Every check names the file, what was expected and what was found.
 * The header is never trusted for an allocation: buffers grow with the bytes actually decoded, so a tiny
 * file claiming two billion images fails as soon as its data runs out, and a claim beyond what a Java array
 * can hold fails before anything is read.
 */
public final class IdxReader {

  /** The largest body a Java byte array can hold on common JVMs. */
  static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 8L;

  private static final int INITIAL_BUFFER = 1 << 20;

  private IdxReader() {
  }

  /** Reads a gzipped IDX images file of 28x28 images. */
  public static IdxImages readImages(Path file) throws IOException {
    return readImages(file, FashionMnist.ROWS, FashionMnist.COLUMNS);
  }

  /** Reads a gzipped IDX images file whose images must be {@code rows x columns}. */
  public static IdxImages readImages(Path file, int rows, int columns) throws IOException {
    try (InputStream in = openGzip(file)) {
      IdxHeader header = readHeader(in, file, IdxKind.IMAGES, rows, columns);
      byte[] pixels = readBody(in, file, header);
      return new IdxImages((int) header.count(), rows, columns, pixels);
    } catch (IdxFormatException e) {
      throw e;
    } catch (IOException e) {
      throw corrupt(file, e);
    }
  }

  /** Reads a gzipped IDX labels file whose labels must lie in {@code 0..classes-1}. */
  public static byte[] readLabels(Path file, int classes) throws IOException {
    byte[] labels;
    try (InputStream in = openGzip(file)) {
      IdxHeader header = readHeader(in, file, IdxKind.LABELS, 1, 1);
      labels = readBody(in, file, header);
    } catch (IdxFormatException e) {
      throw e;
    } catch (IOException e) {
      throw corrupt(file, e);
    }
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label >= classes) {
        throw new IdxFormatException(file, String.format(Locale.ROOT,
            "label %d at index %,d is outside the expected range 0..%d", label, i, classes - 1));
      }
    }
    return labels;
  }

  /** Reads a Fashion-MNIST images file and its labels file and checks that they belong together. */
  public static LabeledImages readLabeled(Path imagesFile, Path labelsFile) throws IOException {
    IdxImages images = readImages(imagesFile);
    byte[] labels = readLabels(labelsFile, FashionMnist.CLASSES);
    if (labels.length != images.count()) {
      throw new IdxFormatException(labelsFile, String.format(Locale.ROOT,
          "item count mismatch: expected %,d labels, one per image of %s, found %,d labels",
          images.count(), imagesFile.getFileName(), labels.length));
    }
    return new LabeledImages(images, labels);
  }

  /**
   * Streams the decompressed payload of {@code file} through SHA-256 and checks it against {@code spec}:
   * the header's kind, the payload size and the digest. Memory use is constant.
   */
  public static VerifiedFile verify(Path file, IdxFileSpec spec) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    IdxHeader header;
    long payload;
    try (InputStream gzip = openGzip(file);
         DigestInputStream in = new DigestInputStream(gzip, digest)) {
      header = readHeader(in, file, spec.kind(), -1, -1);
      // Read at most one byte past the expected size: enough to tell "too long" without reading a bomb.
      long bodyLimit = spec.payloadBytes() - spec.kind().headerBytes() + 1;
      long body = 0;
      byte[] buffer = new byte[1 << 16];
      int read;
      while (body < bodyLimit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, bodyLimit - body))) >= 0) {
        body += read;
      }
      payload = spec.kind().headerBytes() + body;
    } catch (IdxFormatException e) {
      throw e;
    } catch (IOException e) {
      throw corrupt(file, e);
    }
    if (payload != spec.payloadBytes()) {
      throw new IdxFormatException(file, String.format(Locale.ROOT,
          "decompressed payload of %s: expected %,d bytes, found %s%,d", spec.name(), spec.payloadBytes(),
          payload > spec.payloadBytes() ? "more than " : "", payload > spec.payloadBytes() ? spec.payloadBytes()
              : payload));
    }
    String actual = Sha256.hex(digest);
    if (!actual.equals(spec.sha256())) {
      throw new IdxFormatException(file, "SHA-256 of the decompressed payload of " + spec.name() + ": expected "
          + spec.sha256() + ", found " + actual);
    }
    return new VerifiedFile(spec, file, header);
  }

  /** Opens a gzip file for reading its decompressed bytes, after checking it is not empty and is gzip. */
  static InputStream openGzip(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IdxFormatException(file, "expected a gzip-compressed IDX file, found no such file");
    }
    if (Files.size(file) == 0) {
      throw new IdxFormatException(file, "expected a gzip-compressed IDX file, found an empty file (0 bytes)");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(2);
      int first = raw.read();
      int second = raw.read();
      raw.reset();
      if (first != 0x1f || second != 0x8b) {
        throw new IdxFormatException(file, String.format(Locale.ROOT,
            "not a gzip file: expected the gzip magic bytes 1f 8b, found %s", hexBytes(first, second)));
      }
      return new GzipCompressorInputStream(raw, true);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Reads and checks the header: the magic number of {@code kind}, and for images the dimensions
   * {@code rows x columns} (not checked when negative).
   */
  static IdxHeader readHeader(InputStream in, Path file, IdxKind kind, int rows, int columns) throws IOException {
    byte[] bytes = in.readNBytes(4);
    if (bytes.length == 4) {
      int magic = intAt(bytes, 0);
      if (magic != kind.magic()) {
        String hint = "";
        for (IdxKind other : IdxKind.values()) {
          if (other != kind && other.magic() == magic) {
            hint = " (the magic number of an IDX " + other.noun() + " file)";
          }
        }
        throw new IdxFormatException(file, String.format(Locale.ROOT,
            "wrong magic number: expected 0x%08x (IDX %s), found 0x%08x%s", kind.magic(), kind.noun(), magic, hint));
      }
      bytes = concat(bytes, in.readNBytes(kind.headerBytes() - 4));
    }
    if (bytes.length < kind.headerBytes()) {
      throw new IdxFormatException(file, String.format(Locale.ROOT,
          "truncated: expected a %d-byte IDX %s header, found a payload of only %d bytes",
          kind.headerBytes(), kind.noun(), bytes.length));
    }
    long count = Integer.toUnsignedLong(intAt(bytes, 4));
    if (kind == IdxKind.LABELS) {
      return new IdxHeader(kind, count, 1, 1);
    }
    int actualRows = intAt(bytes, 8);
    int actualColumns = intAt(bytes, 12);
    if (rows >= 0 && (actualRows != rows || actualColumns != columns)) {
      throw new IdxFormatException(file, String.format(Locale.ROOT,
          "wrong image dimensions: expected %dx%d, found %sx%s", rows, columns,
          Integer.toUnsignedString(actualRows), Integer.toUnsignedString(actualColumns)));
    }
    return new IdxHeader(kind, count, actualRows, actualColumns);
  }

  /** Reads exactly the body the header declares, growing the buffer only as data arrives. */
  private static byte[] readBody(InputStream in, Path file, IdxHeader header) throws IOException {
    long expected = header.count() * header.itemBytes();
    if (header.itemBytes() <= 0 || expected > MAX_BODY_BYTES || header.itemBytes() > MAX_BODY_BYTES) {
      throw new IdxFormatException(file, String.format(Locale.ROOT,
          "header declares %,d %s of %dx%d, %,d bytes in all; expected at most %,d bytes", header.count(),
          header.kind().noun(), header.rows(), header.columns(), expected, MAX_BODY_BYTES));
    }
    byte[] buffer = new byte[(int) Math.min(expected, INITIAL_BUFFER)];
    int filled = 0;
    while (filled < expected) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
      }
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        throw new IdxFormatException(file, String.format(Locale.ROOT,
            "truncated: header declares %,d %s, a payload of %,d bytes, found %,d bytes", header.count(),
            header.kind().noun(), header.payloadBytes(), header.kind().headerBytes() + (long) filled));
      }
      filled += read;
    }
    long trailing = in.transferTo(OutputStream.nullOutputStream());
    if (trailing > 0) {
      throw new IdxFormatException(file, String.format(Locale.ROOT,
          "trailing bytes: header declares %,d %s, a payload of %,d bytes, found %,d bytes (%,d extra)",
          header.count(), header.kind().noun(), header.payloadBytes(), header.payloadBytes() + trailing, trailing));
    }
    return buffer;
  }

  /** The gzip stream could not be decoded: say how, even when the decoder's exception has no message. */
  private static IdxFormatException corrupt(Path file, IOException e) {
    String how = e instanceof EOFException ? "the data ends in the middle of the gzip stream (the file is cut short)"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IdxFormatException(file, "expected a complete gzip stream, found corrupt or truncated gzip data: "
        + how, e);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static int intAt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
        | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
  }

  private static String hexBytes(int... values) {
    StringBuilder text = new StringBuilder();
    for (int value : values) {
      if (value < 0) {
        text.append(text.length() == 0 ? "" : " ").append("<end of file>");
        break;
      }
      text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", value));
    }
    return text.toString();
  }
}
