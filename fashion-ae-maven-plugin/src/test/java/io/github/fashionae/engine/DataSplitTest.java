package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.dataset.IdxImages;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.ValidationSet;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

  private static LabeledImages images(int n) {
    return new LabeledImages(new IdxImages(n, 28, 28, new byte[n * 784]), new byte[n]);
  }

  private final LabeledImages train = images(1000);
  private final LabeledImages test = images(200);

  @Test
  void theHoldOutIsDisjointFromTrainingCoversEverythingAndDependsOnlyOnTheSeed() {
    DataSplit split = DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 100, 0), 9);

    assertThat(split.validationIndices()).hasSize(100);
    assertThat(split.trainIndices()).hasSize(900);
    int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.validationIndices()))
        .sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
    assertThat(split.validation()).isSameAs(train);
    assertThat(DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 100, 0), 9).validationIndices())
        .isEqualTo(split.validationIndices());
    assertThat(DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 100, 0), 10).validationIndices())
        .isNotEqualTo(split.validationIndices());
    assertThat(split.description()).isEqualTo("100 training images held out for validation (seed 9); "
        + "the test set is not seen in training");
  }

  @Test
  void theTrainLimitKeepsTheFirstTrainingExamples() {
    DataSplit whole = DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 100, 0), 9);
    DataSplit limited = DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 100, 50), 9);

    assertThat(limited.trainIndices()).isEqualTo(Arrays.copyOf(whole.trainIndices(), 50));
    assertThat(limited.validationIndices()).isEqualTo(whole.validationIndices());
    assertThat(limited.description()).endsWith("; training limited to 50 examples");
  }

  @Test
  void theTestSetCanServeAsValidationAsTheCourseDid() {
    DataSplit split = DataSplit.of(train, test, new DataOptions(ValidationSet.TEST, 0, 0), 9);

    assertThat(split.validation()).isSameAs(test);
    assertThat(split.validationIndices()).hasSize(200);
    assertThat(split.trainIndices()).hasSize(1000);
    assertThat(split.description()).startsWith("the first 200 official test images");
  }

  @Test
  void rejectsAHoldOutAsLargeAsTheTrainingSet() {
    assertThatThrownBy(() -> DataSplit.of(train, test, new DataOptions(ValidationSet.HOLDOUT, 1000, 0), 9))
        .hasMessage("validationSize: expected fewer than the 1000 training images, found 1000");
    assertThatThrownBy(() -> new DataOptions(ValidationSet.HOLDOUT, 0, 0))
        .hasMessage("validationSize: expected at least 1 image held out for validation, found 0");
    assertThatThrownBy(() -> new DataOptions(ValidationSet.HOLDOUT, 10, -1))
        .hasMessage("trainLimit: expected 0 (all) or more, found -1");
  }
}
