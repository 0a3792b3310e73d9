package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset a build trains on, as fetch-dataset's manifest names it, and what to do when it is gone. */
class BuildDatasetTest {

  @TempDir
  Path dir;

  @Test
  void aManifestWhoseFilesWereDeletedSaysToFetchAgain() throws Exception {
    Path copy = Files.copy(RealData.file(FashionMnist.TEST_LABELS.gzipName()), dir.resolve("t10k-labels.gz"));
    Path manifest = dir.resolve("manifest.json");
    MojoFixtures.realManifest(manifest);
    String original = RealData.file(FashionMnist.TEST_LABELS.gzipName()).toString();
    Files.writeString(manifest, Files.readString(manifest).replace(original, copy.toString()));
    assertThat(BuildDataset.read(manifest).file(FashionMnist.TEST_LABELS.name())).isEqualTo(copy);

    Files.delete(copy); // the dataset cache cleared since fetch-dataset ran

    assertThatThrownBy(() -> BuildDataset.read(manifest)).isInstanceOf(IOException.class).hasMessage(manifest
        + ": expected t10k-labels-idx1-ubyte at " + copy + ", found no file there (the dataset cache was cleared "
        + "since fetch-dataset wrote the manifest); run fetch-dataset again");
  }

  @Test
  void aMissingOrBrokenManifestIsNamedOnce() throws Exception {
    Path manifest = dir.resolve("manifest.json");

    assertThatThrownBy(() -> BuildDataset.read(manifest)).isInstanceOf(IOException.class).hasMessage(manifest
        + ": no dataset manifest; run the fetch-dataset goal first (it is bound to generate-resources)");

    Files.writeString(manifest, "{\"files\": [");
    assertThatThrownBy(() -> BuildDataset.read(manifest)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(manifest + ": expected a dataset manifest written by fetch-dataset, found invalid JSON: ")
        .satisfies(e -> assertThat(e.getMessage().split(manifest.toString(), -1)).hasSize(2));
  }
}
