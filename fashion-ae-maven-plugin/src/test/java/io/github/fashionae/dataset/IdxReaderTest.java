package io.github.fashionae.dataset;

import static io.github.fashionae.testing.IdxFixtures.concat;
import static io.github.fashionae.testing.IdxFixtures.header;
import static io.github.fashionae.testing.IdxFixtures.images;
import static io.github.fashionae.testing.IdxFixtures.labels;
import static io.github.fashionae.testing.IdxFixtures.writeGzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.github.fashionae.testing.IdxFixtures;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsImagesPixelForPixel() throws Exception {
    byte[] payload = images(3, 28, 28, 42);
    Path file = writeGzip(dir.resolve("images.gz"), payload);

    IdxImages images = IdxReader.readImages(file);

    assertThat(images.count()).isEqualTo(3);
    assertThat(images.rows()).isEqualTo(28);
    assertThat(images.columns()).isEqualTo(28);
    assertThat(images.pixels()).isEqualTo(Arrays.copyOfRange(payload, 16, payload.length));
    assertThat(images.pixel(2, 27, 27)).isEqualTo(payload[payload.length - 1] & 0xff);
  }

  @Test
  void readsImagesAndLabelsThatBelongTogether() throws Exception {
    Path images = writeGzip(dir.resolve("images.gz"), images(12, 28, 28, 1));
    Path labels = writeGzip(dir.resolve("labels.gz"), labels(12));

    LabeledImages data = IdxReader.readLabeled(images, labels);

    assertThat(data.count()).isEqualTo(12);
    assertThat(data.label(0)).isZero();
    assertThat(data.label(11)).isEqualTo(1);
  }

  @Test
  void readsAnEmptySetOfImages() throws Exception {
    Path file = writeGzip(dir.resolve("images.gz"), images(0, 28, 28, 1));

    assertThat(IdxReader.readImages(file).count()).isZero();
  }

  @Test
  void rejectsWrongMagicNumberNamingBoth() throws Exception {
    Path file = writeGzip(dir.resolve("labels-as-images.gz"), labels(5));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("wrong magic number: expected 0x00000803 (IDX images), found 0x00000801")
        .hasMessageContaining("(the magic number of an IDX labels file)");
  }

  @Test
  void rejectsWrongDimensions() throws Exception {
    Path file = writeGzip(dir.resolve("images.gz"), images(2, 28, 27, 1));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("wrong image dimensions: expected 28x28, found 28x27");
  }

  @Test
  void rejectsTruncatedPayload() throws Exception {
    byte[] whole = images(4, 28, 28, 1);
    Path file = writeGzip(dir.resolve("images.gz"), Arrays.copyOf(whole, whole.length - 100));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated: header declares 4 images, a payload of 3,152 bytes, found 3,052 bytes");
  }

  @Test
  void rejectsTruncatedHeader() throws Exception {
    Path file = writeGzip(dir.resolve("images.gz"), new byte[] {0, 0, 8, 3, 0, 0});

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated: expected a 16-byte IDX images header, found a payload of only 6 bytes");
  }

  @Test
  void rejectsTruncatedGzipStream() throws Exception {
    byte[] gzip = IdxFixtures.gzip(images(50, 28, 28, 1));
    Path file = Files.write(dir.resolve("images.gz"), Arrays.copyOf(gzip, gzip.length / 2));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected a complete gzip stream, found corrupt or truncated gzip data: ")
        .hasMessageNotContaining("null");
    // cut inside the gzip trailer: the decoder's exception has no message of its own
    Path trailer = Files.write(dir.resolve("trailer.gz"), Arrays.copyOf(gzip, gzip.length - 3));
    assertThatThrownBy(() -> IdxReader.readImages(trailer))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("corrupt or truncated gzip data: ")
        .hasMessageNotContaining("null");
  }

  @Test
  void rejectsLabelCountThatDiffersFromImageCount() throws Exception {
    Path images = writeGzip(dir.resolve("images.gz"), images(12, 28, 28, 1));
    Path labels = writeGzip(dir.resolve("labels.gz"), labels(11));

    assertThatThrownBy(() -> IdxReader.readLabeled(images, labels))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("item count mismatch: expected 12 labels, one per image of images.gz, found 11 labels");
  }

  @Test
  void rejectsLabelOutsideTheTenClasses() throws Exception {
    byte[] payload = labels(8);
    payload[8 + 5] = 10;
    Path file = writeGzip(dir.resolve("labels.gz"), payload);

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("label 10 at index 5 is outside the expected range 0..9");
  }

  @Test
  void rejectsTrailingBytes() throws Exception {
    Path file = writeGzip(dir.resolve("labels.gz"), concat(labels(3), new byte[] {1, 2}));

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("trailing bytes: header declares 3 labels, a payload of 11 bytes, found 13 bytes (2 extra)");
  }

  @Test
  void rejectsFileThatIsNotGzip() throws Exception {
    Path file = Files.write(dir.resolve("plain.gz"), images(1, 28, 28, 1));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a gzip file: expected the gzip magic bytes 1f 8b, found 00 00");
  }

  @Test
  void rejectsEmptyFile() throws Exception {
    Path file = Files.write(dir.resolve("empty.gz"), new byte[0]);

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("expected a gzip-compressed IDX file, found an empty file (0 bytes)");
  }

  @Test
  void rejectsMissingFile() {
    Path file = dir.resolve("absent.gz");

    assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("found no such file");
  }

  @Test
  void rejectsAClaimOfTwoBillionImagesBeforeReadingAnything() throws Exception {
    Path file = writeGzip(dir.resolve("huge.gz"), header(0x803, 2_000_000_000, 28, 28));

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("header declares 2,000,000,000 images of 28x28, 1,568,000,000,000 bytes in all; "
            + "expected at most 2,147,483,639 bytes");
  }

  @Test
  void neverAllocatesWhatTheHeaderClaimsBeforeTheDataArrives() throws Exception {
    // Two million images would be 1.5 GB: a reader that trusts the header allocates that at once.
    Path file = writeGzip(dir.resolve("liar.gz"), concat(header(0x803, 2_000_000, 28, 28), new byte[784]));
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated: header declares 2,000,000 images");

    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(64L << 20);
  }

  @Test
  void verifiesPayloadDigestAndSize() throws Exception {
    byte[] payload = labels(20);
    Path file = writeGzip(dir.resolve("labels.gz"), payload);
    IdxFileSpec spec = IdxFixtures.spec("labels", IdxKind.LABELS, payload);

    VerifiedFile verified = IdxReader.verify(file, spec);

    assertThat(verified.header().count()).isEqualTo(20);
    assertThat(verified.path()).isEqualTo(file);
  }

  @Test
  void verifyRejectsWrongDigestNamingBothDigests() throws Exception {
    byte[] payload = labels(20);
    byte[] tampered = payload.clone();
    tampered[tampered.length - 1] = 3;
    Path file = writeGzip(dir.resolve("labels.gz"), tampered);
    IdxFileSpec spec = IdxFixtures.spec("labels", IdxKind.LABELS, payload);

    assertThatThrownBy(() -> IdxReader.verify(file, spec))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("SHA-256 of the decompressed payload of labels: expected " + spec.sha256()
            + ", found " + io.github.fashionae.util.Sha256.hex(tampered));
  }

  @Test
  void verifyRejectsPayloadOfWrongSize() throws Exception {
    byte[] payload = labels(20);
    IdxFileSpec spec = IdxFixtures.spec("labels", IdxKind.LABELS, payload);
    Path shorter = writeGzip(dir.resolve("short.gz"), labels(19));
    Path longer = writeGzip(dir.resolve("long.gz"), labels(4000));

    assertThatThrownBy(() -> IdxReader.verify(shorter, spec))
        .hasMessageContaining("decompressed payload of labels: expected 28 bytes, found 27");
    assertThatThrownBy(() -> IdxReader.verify(longer, spec))
        .hasMessageContaining("decompressed payload of labels: expected 28 bytes, found more than 28");
  }
}
