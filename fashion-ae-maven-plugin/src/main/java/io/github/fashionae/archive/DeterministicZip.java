package io.github.fashionae.archive;

import io.github.fashionae.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Re-packs a zip so that its bytes depend only on its entries' names and contents: entries sorted by name,
 * every entry time fixed, no extra fields, no comments, deflated. DL4J's ModelSerializer writes the current
 * time into each entry header; re-packed, the same model gives the same bytes.
 */
public final class DeterministicZip {

  /** The entry time when no {@code project.build.outputTimestamp} is set: 1980-01-01T00:00:02Z, the zip epoch. */
  public static final Instant DEFAULT_TIME = Instant.parse("1980-01-01T00:00:02Z");

  private DeterministicZip() {
  }

  /**
   * The entry time for {@code outputTimestamp}, as Maven reads that property: an ISO-8601 date-time, or
   * seconds since the epoch; blank (or a single character, Maven's way of disabling it) gives the default.
   *
   * @throws IllegalArgumentException saying what was expected and found ({@code expected …, found '…'}) when it is
   *     neither
   */
  public static Instant entryTime(String outputTimestamp) {
    if (outputTimestamp == null || outputTimestamp.trim().length() <= 1) {
      return DEFAULT_TIME;
    }
    String value = outputTimestamp.trim();
    try {
      if (value.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(value));
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("expected an ISO-8601 date-time such as "
          + "2026-11-27T00:00:00Z or seconds since the epoch, found '" + outputTimestamp + "'", e);
    }
  }

  /** Re-packs {@code source} into {@code target} (atomically), with every entry at {@code time}. */
  public static void repack(Path source, Path target, Instant time) throws IOException {
    Path temp = AtomicFiles.tempFileBeside(target);
    try {
      try (ZipFile zip = ZipFile.builder().setPath(source).get();
           ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(temp))) {
        List<ZipArchiveEntry> entries = new ArrayList<>(Collections.list(zip.getEntries()));
        entries.sort(Comparator.comparing(ZipArchiveEntry::getName));
        out.setMethod(ZipEntry.DEFLATED);
        out.setLevel(Deflater.DEFAULT_COMPRESSION);
        for (ZipArchiveEntry entry : entries) {
          ZipArchiveEntry copy = new ZipArchiveEntry(entry.getName());
          copy.setTime(dosTime(time));
          copy.setMethod(entry.isDirectory() ? ZipEntry.STORED : ZipEntry.DEFLATED);
          out.putArchiveEntry(copy);
          if (!entry.isDirectory()) {
            try (InputStream in = zip.getInputStream(entry)) {
              in.transferTo(out);
            }
          }
          out.closeArchiveEntry();
        }
        out.finish();
      }
      AtomicFiles.moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The Java time whose local-time DOS encoding (the only time a plain zip entry holds) reads as
   * {@code time} in UTC, whatever this JVM's time zone: the same bytes on every machine.
   */
  static long dosTime(Instant time) {
    long millis = time.toEpochMilli();
    return millis - TimeZone.getDefault().getOffset(millis);
  }

}
