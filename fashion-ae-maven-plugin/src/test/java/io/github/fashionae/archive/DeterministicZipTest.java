package io.github.fashionae.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipTest {

  @TempDir
  Path dir;

  /** A zip as ModelSerializer writes one: entries in its own order, stamped with a given time. */
  private Path zip(String name, long millis, String... namesAndContents) throws Exception {
    Path file = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        ZipEntry entry = new ZipEntry(namesAndContents[i]);
        entry.setTime(millis);
        out.putNextEntry(entry);
        out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void theSameEntriesWrittenAtDifferentTimesRepackToTheSameBytes() throws Exception {
    Path first = zip("first.zip", 1_000_000_000_000L, "configuration.json", "{}", "coefficients.bin", "abc");
    Path second = zip("second.zip", 1_700_000_000_000L, "coefficients.bin", "abc", "configuration.json", "{}");
    assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(second));
    Instant time = DeterministicZip.entryTime("2026-11-27T00:00:00Z");

    DeterministicZip.repack(first, dir.resolve("a.zip"), time);
    DeterministicZip.repack(second, dir.resolve("b.zip"), time);

    assertThat(Files.readAllBytes(dir.resolve("a.zip"))).isEqualTo(Files.readAllBytes(dir.resolve("b.zip")));
    try (ZipFile zip = ZipFile.builder().setPath(dir.resolve("a.zip")).get()) {
      List<ZipArchiveEntry> entries = new ArrayList<>(Collections.list(zip.getEntries()));
      assertThat(entries).extracting(ZipArchiveEntry::getName).containsExactly("coefficients.bin", "configuration.json");
      assertThat(entries).allSatisfy(e -> {
        assertThat(e.getTime()).isEqualTo(DeterministicZip.dosTime(time));
        assertThat(e.getExtraFields()).isEmpty();
      });
      assertThat(new String(zip.getInputStream(entries.get(0)).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("abc");
    }
  }

  @Test
  void differentContentGivesDifferentBytes() throws Exception {
    Instant time = DeterministicZip.DEFAULT_TIME;
    DeterministicZip.repack(zip("x.zip", 0, "a", "1"), dir.resolve("x2.zip"), time);
    DeterministicZip.repack(zip("y.zip", 0, "a", "2"), dir.resolve("y2.zip"), time);

    assertThat(Files.readAllBytes(dir.resolve("x2.zip"))).isNotEqualTo(Files.readAllBytes(dir.resolve("y2.zip")));
  }

  @Test
  void readsTheOutputTimestampAsMavenDoes() {
    assertThat(DeterministicZip.entryTime("2026-11-27T00:00:00Z")).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(DeterministicZip.entryTime("2026-11-27T01:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(DeterministicZip.entryTime("1764201600")).isEqualTo(Instant.ofEpochSecond(1764201600));
    assertThat(DeterministicZip.entryTime(null)).isEqualTo(DeterministicZip.DEFAULT_TIME);
    assertThat(DeterministicZip.entryTime("")).isEqualTo(DeterministicZip.DEFAULT_TIME);
    assertThatThrownBy(() -> DeterministicZip.entryTime("yesterday"))
        .hasMessage("expected an ISO-8601 date-time such as 2026-11-27T00:00:00Z "
            + "or seconds since the epoch, found 'yesterday'");
  }
}
