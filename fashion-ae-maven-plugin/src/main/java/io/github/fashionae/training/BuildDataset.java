package io.github.fashionae.training;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.stage.DatasetDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build's verified dataset, from fetch-dataset's manifest: the payload digests the stages take as inputs,
 * and where the files lie, which the engine reads but which is not an input.
 *
 * @param digests the four files by payload digest, in the dataset's order
 * @param files where each file lies, by upstream name
 */
public record BuildDataset(List<DatasetDigest> digests, Map<String, Path> files) {

  public BuildDataset {
    digests = List.copyOf(digests);
    files = Map.copyOf(files);
  }

  /**
   * Reads fetch-dataset's manifest and checks it names every file of Fashion-MNIST with its known digest.
   *
   * @throws IOException naming the manifest, what was expected and what was found
   */
  public static BuildDataset read(Path manifestFile) throws IOException {
    DatasetManifest manifest = DatasetManifest.read(manifestFile); // its messages name the file
    List<DatasetDigest> digests = new ArrayList<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (IdxFileSpec spec : FashionMnist.SPEC.files()) {
      DatasetManifest.Entry entry = manifest.entry(spec.name()).orElseThrow(() -> new IOException(
          manifestFile + ": expected an entry for " + spec.name() + ", found none; run fetch-dataset again"));
      if (!spec.sha256().equals(entry.sha256())) {
        throw new IOException(manifestFile + ": " + spec.name() + " has payload SHA-256 " + entry.sha256()
            + ", expected " + spec.sha256() + "; run fetch-dataset again");
      }
      if (!Files.isRegularFile(Path.of(entry.path()))) {
        throw new IOException(manifestFile + ": expected " + spec.name() + " at " + entry.path() + ", found no file "
            + "there (the dataset cache was cleared since fetch-dataset wrote the manifest); run fetch-dataset again");
      }
      digests.add(new DatasetDigest(spec.name(), entry.sha256()));
      files.put(spec.name(), Path.of(entry.path()));
    }
    return new BuildDataset(digests, files);
  }

  /** The digest of the file {@code name}. */
  public DatasetDigest digest(String name) {
    return digests.stream().filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the dataset has no file " + name));
  }

  /** Where the file {@code name} lies. */
  public Path file(String name) {
    Path file = files.get(name);
    if (file == null) {
      throw new IllegalArgumentException("the dataset has no file " + name);
    }
    return file;
  }
}
