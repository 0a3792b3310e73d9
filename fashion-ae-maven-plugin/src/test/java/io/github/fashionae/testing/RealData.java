package io.github.fashionae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.archive.DeterministicZip;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.DatasetDigest;
import io.github.fashionae.training.BuildDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small slices of the real Fashion-MNIST, from Debian's dataset-fashion-mnist (installed by .ci/run). */
public final class RealData {

  public static final Path DIRECTORY = Path.of(System.getProperty("fashionae.testDatasetDirectory",
      FashionMnist.DEBIAN_DIRECTORY));

  private static LabeledImages testSet;

  private RealData() {
  }

  public static Path file(String gzipName) {
    Path file = DIRECTORY.resolve(gzipName);
    assertThat(file).as("these tests read the real dataset: apt-get install -y dataset-fashion-mnist")
        .isRegularFile();
    return file;
  }

  /** The four real files as a build's verified dataset: their digests and where they lie. */
  public static BuildDataset dataset() {
    List<DatasetDigest> digests = new ArrayList<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (IdxFileSpec spec : FashionMnist.SPEC.files()) {
      digests.add(new DatasetDigest(spec.name(), spec.sha256()));
      files.put(spec.name(), file(spec.gzipName()));
    }
    return new BuildDataset(digests, files);
  }

  /** The inputs every stage of a test build shares: the real data, one thread, engine "test". */
  public static BuildInputs build(DataOptions data) {
    return new BuildInputs(dataset().digests(), data, 1, "test", DeterministicZip.DEFAULT_TIME.toString());
  }

  /** The official 10,000 test images: small enough to decode in milliseconds, real enough to learn from. */
  public static synchronized LabeledImages testSet() {
    if (testSet == null) {
      try {
        testSet = IdxReader.readLabeled(file(FashionMnist.TEST_IMAGES.gzipName()),
            file(FashionMnist.TEST_LABELS.gzipName()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return testSet;
  }
}
