package io.github.fashionae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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

  /** The four real files as a training job's verified dataset. */
  public static java.util.List<io.github.fashionae.training.TrainingJob.DataFile> dataset() {
    java.util.List<io.github.fashionae.training.TrainingJob.DataFile> files = new java.util.ArrayList<>();
    for (io.github.fashionae.dataset.IdxFileSpec spec : FashionMnist.SPEC.files()) {
      files.add(new io.github.fashionae.training.TrainingJob.DataFile(spec.name(), file(spec.gzipName()).toString(),
          spec.sha256()));
    }
    return files;
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
