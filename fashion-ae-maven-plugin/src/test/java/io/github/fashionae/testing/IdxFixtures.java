package io.github.fashionae.testing;

import io.github.fashionae.dataset.DatasetSpec;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.dataset.IdxKind;
import io.github.fashionae.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Tiny generated IDX files, valid or broken on purpose, and dataset specs that match them. */
public final class IdxFixtures {

  private IdxFixtures() {
  }

  /** A valid images payload of {@code count} pseudo-random {@code rows x columns} images. */
  public static byte[] images(int count, int rows, int columns, long seed) {
    byte[] pixels = new byte[count * rows * columns];
    new Random(seed).nextBytes(pixels);
    return concat(header(IdxKind.IMAGES.magic(), count, rows, columns), pixels);
  }

  /** A valid labels payload: labels {@code i % 10}. */
  public static byte[] labels(int count) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    return concat(header(IdxKind.LABELS.magic(), count), labels);
  }

  /** An IDX header: the magic number, then each dimension, big-endian. */
  public static byte[] header(int magic, int... dimensions) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length);
    buffer.putInt(magic);
    for (int dimension : dimensions) {
      buffer.putInt(dimension);
    }
    return buffer.array();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code payload} gzipped to {@code file}. */
  public static Path writeGzip(Path file, byte[] payload) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, gzip(payload));
  }

  public static IdxFileSpec spec(String name, IdxKind kind, byte[] payload) {
    return new IdxFileSpec(name, kind, Sha256.hex(payload), payload.length);
  }

  /** A small dataset of four generated files, named as Fashion-MNIST's, with their payloads. */
  public static final class TinyDataset {
    public final byte[] trainImages = images(30, 28, 28, 1);
    public final byte[] trainLabels = labels(30);
    public final byte[] testImages = images(10, 28, 28, 2);
    public final byte[] testLabels = labels(10);
    public final DatasetSpec spec = new DatasetSpec("tiny", List.of(
        IdxFixtures.spec("train-images-idx3-ubyte", IdxKind.IMAGES, trainImages),
        IdxFixtures.spec("train-labels-idx1-ubyte", IdxKind.LABELS, trainLabels),
        IdxFixtures.spec("t10k-images-idx3-ubyte", IdxKind.IMAGES, testImages),
        IdxFixtures.spec("t10k-labels-idx1-ubyte", IdxKind.LABELS, testLabels)));

    /** The payload of the file named {@code name} (without .gz). */
    public byte[] payload(String name) {
      return switch (name) {
        case "train-images-idx3-ubyte" -> trainImages;
        case "train-labels-idx1-ubyte" -> trainLabels;
        case "t10k-images-idx3-ubyte" -> testImages;
        case "t10k-labels-idx1-ubyte" -> testLabels;
        default -> throw new IllegalArgumentException(name);
      };
    }

    /** Writes the four gzipped files into {@code directory}. */
    public Path writeTo(Path directory) throws IOException {
      for (IdxFileSpec file : spec.files()) {
        writeGzip(directory.resolve(file.gzipName()), payload(file.name()));
      }
      return directory;
    }
  }
}
