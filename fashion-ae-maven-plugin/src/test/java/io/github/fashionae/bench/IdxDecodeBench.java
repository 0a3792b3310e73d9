package io.github.fashionae.bench;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints how long decoding (gunzip, checks, copy into one array) and verifying (gunzip, SHA-256) the real
 * 60,000 training images take. Run by {@code bench/idx-decode}; not a test.
 */
public final class IdxDecodeBench {

  private IdxDecodeBench() {
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args.length > 0 ? args[0] : FashionMnist.DEBIAN_DIRECTORY);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path images = directory.resolve(FashionMnist.TRAIN_IMAGES.gzipName());
    Path labels = directory.resolve(FashionMnist.TRAIN_LABELS.gzipName());
    double[] decode = new double[rounds];
    double[] verify = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      LabeledImages data = IdxReader.readLabeled(images, labels);
      decode[round] = (System.nanoTime() - start) / 1e9;
      if (data.count() != 60_000) {
        throw new IllegalStateException("expected 60,000 training images, found " + data.count());
      }
      start = System.nanoTime();
      IdxReader.verify(images, FashionMnist.TRAIN_IMAGES);
      verify[round] = (System.nanoTime() - start) / 1e9;
    }
    System.out.printf(Locale.ROOT, "decode 60,000 training images + labels: best %.3f s, median %.3f s (%d rounds)%n",
        min(decode), median(decode), rounds);
    System.out.printf(Locale.ROOT, "verify training images payload (SHA-256): best %.3f s, median %.3f s%n",
        min(verify), median(verify));
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
