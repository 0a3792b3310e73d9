package io.github.fashionae.bench;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.engine.DataSplit;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.ValidationSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints the validation examples the plugin holds out of the training file, one index per line, so that
 * {@code bench/parity} trains PyTorch on exactly the plugin's split. Run by {@code bench/parity}; not a test.
 *
 * <p>Usage: {@code HoldoutSplit DATA_DIRECTORY VALIDATION_SIZE SEED}, e.g. {@code /usr/share/datasets/fashion-mnist
 * 10000 42}: the baseline's hold-out.
 */
public final class HoldoutSplit {

  private HoldoutSplit() {
  }

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    int validationSize = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    LabeledImages train = IdxReader.readLabeled(directory.resolve(FashionMnist.TRAIN_IMAGES.gzipName()),
        directory.resolve(FashionMnist.TRAIN_LABELS.gzipName()));
    DataSplit split = DataSplit.of(train, train, new DataOptions(ValidationSet.HOLDOUT, validationSize, 0), seed);
    PrintStream out = System.out;
    Arrays.stream(split.validationIndices()).forEach(out::println);
    out.flush();
  }
}
