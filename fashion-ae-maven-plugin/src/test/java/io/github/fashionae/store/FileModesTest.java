package io.github.fashionae.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the plugin writes gets the mode the process's umask gives a new file, like Maven's own outputs
 * (0644 under umask 022), never {@code Files.createTempFile}'s owner-only 0600: a cache shared by a team, or a
 * report served by a web server, must be readable by others.
 */
class FileModesTest {

  @TempDir
  Path dir;

  /** The mode a plain new file gets here: what the umask allows. */
  private Set<PosixFilePermission> umaskMode;

  @BeforeEach
  void umask() throws Exception {
    Path reference = Files.createFile(dir.resolve("reference"));
    umaskMode = Files.getPosixFilePermissions(reference);
  }

  @Test
  void theUmaskHereLetsOthersRead() {
    // CI and a developer's shell run with umask 022; the tests below mean "0644" only then
    assertThat(PosixFilePermissions.toString(umaskMode)).isEqualTo("rw-r--r--");
  }

  @Test
  void atomicWritesGetTheUmasksMode() throws Exception {
    Path file = dir.resolve("out/model-card.json");
    AtomicFiles.write(file, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umaskMode);
    assertThat(Files.getPosixFilePermissions(AtomicFiles.tempFileBeside(dir.resolve("x")))).isEqualTo(umaskMode);
  }

  @Test
  void repackedArchivesGetTheUmasksMode() throws Exception {
    Path source = dir.resolve("source.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(source))) {
      zip.putNextEntry(new ZipEntry("configuration.json"));
      zip.write("{}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path model = dir.resolve("model.zip");
    DeterministicZip.repack(source, model, Instant.parse("2026-11-27T00:00:00Z"));

    assertThat(Files.getPosixFilePermissions(model)).isEqualTo(umaskMode);
  }

  @Test
  void cacheEntriesAndWhatIsCopiedOutOfThemGetTheUmasksMode() throws Exception {
    Path stage = Files.createDirectories(dir.resolve("stage"));
    AtomicFiles.write(stage.resolve("model.zip"), new byte[] {1, 2, 3});
    StageCache cache = new StageCache(dir.resolve("cache"), BuildLog.SILENT);
    Path entry = cache.store("f".repeat(64), stage, List.of("model.zip"));
    Path copy = dir.resolve("copy");
    StageCache.copyOut(entry, copy);

    assertThat(Files.getPosixFilePermissions(entry.resolve("model.zip"))).isEqualTo(umaskMode);
    assertThat(Files.getPosixFilePermissions(entry.resolve(StageCache.CHECKSUMS))).isEqualTo(umaskMode);
    assertThat(Files.getPosixFilePermissions(copy.resolve("model.zip"))).isEqualTo(umaskMode);
  }
}
