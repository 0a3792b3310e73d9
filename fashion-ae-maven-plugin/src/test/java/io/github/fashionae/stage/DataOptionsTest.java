package io.github.fashionae.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Data options beyond Fashion-MNIST's fixed sizes are mistakes, named before any work, never clipped quietly. */
class DataOptionsTest {

  @Test
  void aHoldOutMustLeaveImagesToTrainOn() {
    assertThat(new DataOptions(ValidationSet.HOLDOUT, 59_999, 0).validationSize()).isEqualTo(59_999);
    assertThatThrownBy(() -> new DataOptions(ValidationSet.HOLDOUT, 60_000, 0))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("validationSize: expected fewer than the 60,000 training images held out (some must be left to "
            + "train on), found 60000");
  }

  @Test
  void theTestSetHasTenThousandImages() {
    assertThat(new DataOptions(ValidationSet.TEST, 10_000, 0).validationSize()).isEqualTo(10_000);
    assertThatThrownBy(() -> new DataOptions(ValidationSet.TEST, 20_000, 0))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("validationSize: expected at most the 10,000 test images with validation=test (0 = all of them), "
            + "found 20000");
  }

  @Test
  void aTrainLimitBeyondTheImagesLeftIsRefused() {
    assertThat(new DataOptions(ValidationSet.HOLDOUT, 10_000, 50_000).trainLimit()).isEqualTo(50_000);
    assertThat(new DataOptions(ValidationSet.TEST, 0, 60_000).trainLimit()).isEqualTo(60_000);
    assertThatThrownBy(() -> new DataOptions(ValidationSet.HOLDOUT, 200, 100_000))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("trainLimit: expected at most the 59,800 training images left after holding out 200 (0 = all of "
            + "them), found 100000");
    assertThatThrownBy(() -> new DataOptions(ValidationSet.TEST, 0, 60_001))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("trainLimit: expected at most the 60,000 training images there are (0 = all of them), found "
            + "60001");
  }
}
