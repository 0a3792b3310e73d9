package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainedStagesTest {

  @Test
  void aStageIsNamedByWhereItLiesNotByTheHistoryItWasCopiedWith() {
    Path out = Path.of("/build/target/fashion-ae");
    assertThat(TrainedStages.name(out.resolve("autoencoder"))).isEqualTo("autoencoder");
    assertThat(TrainedStages.experiment(out.resolve("autoencoder"))).isNull();
    Path inExperiment = out.resolve("experiments/lr-learningRate=0.001-optimizer=adam/autoencoder");
    assertThat(TrainedStages.name(inExperiment)).isEqualTo("lr-learningRate=0.001-optimizer=adam/autoencoder");
    assertThat(TrainedStages.experiment(inExperiment)).isEqualTo("lr-learningRate=0.001-optimizer=adam");
  }
}
