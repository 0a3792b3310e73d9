package io.github.fashionae.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.fashionae.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code fetch-dataset} hands to the later goals: where each verified file lies, its payload digest
 * and its counts. Written as JSON with sorted keys and no timestamps, so an unchanged dataset gives an
 * unchanged file.
 *
 * @param dataset the dataset's id
 * @param files one entry per file, in the dataset's order
 */
public record DatasetManifest(String dataset, List<Entry> files) {

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  public DatasetManifest {
    files = List.copyOf(files);
  }

  /**
   * One verified file.
   *
   * @param name upstream name without {@code .gz}
   * @param kind "images" or "labels"
   * @param path absolute path of the gzipped file
   * @param sha256 SHA-256 of the decompressed payload
   * @param payloadBytes size of the decompressed payload
   * @param count number of images or labels
   * @param rows rows per image (1 for labels)
   * @param columns columns per image (1 for labels)
   */
  public record Entry(String name, String kind, String path, String sha256, long payloadBytes, long count,
                      int rows, int columns) {

    static Entry of(VerifiedFile file) {
      return new Entry(file.spec().name(), file.spec().kind().noun(), file.path().toAbsolutePath().toString(),
          file.spec().sha256(), file.spec().payloadBytes(), file.header().count(), file.header().rows(),
          file.header().columns());
    }
  }

  public static DatasetManifest of(DatasetSpec spec, List<VerifiedFile> files) {
    return new DatasetManifest(spec.id(), files.stream().map(Entry::of).toList());
  }

  /** The entry of the file named {@code name}, if any. */
  public Optional<Entry> entry(String name) {
    return files.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The manifest as its JSON bytes (UTF-8, trailing newline). */
  public byte[] toJson() {
    try {
      return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise the dataset manifest", e);
    }
  }

  /**
   * Writes the manifest atomically; an identical existing file is left untouched.
   *
   * @return true when the file changed
   */
  public boolean write(Path file) throws IOException {
    return AtomicFiles.write(file, toJson());
  }

  /** Reads a manifest that {@code fetch-dataset} wrote, with a message saying how to make one when absent. */
  public static DatasetManifest read(Path file) throws IOException {
    try {
      return JSON.readValue(Files.readAllBytes(file), DatasetManifest.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null,
          "no dataset manifest; run the fetch-dataset goal first (it is bound to generate-resources)");
    } catch (FileSystemException e) {
      throw new IOException(file + ": cannot read the dataset manifest: "
          + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": expected a dataset manifest written by fetch-dataset, found invalid JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
