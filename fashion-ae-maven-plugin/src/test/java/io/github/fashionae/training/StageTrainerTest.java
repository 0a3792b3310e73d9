package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageTrainerTest {

  @Test
  void aStageEvaluatesOnTheCoresNoOtherStageTrainsOn() {
    assertThat(StageTrainer.evaluationWorkers(2, 1, 1)).as("alone on 2 cores, 1 thread").isEqualTo(2);
    assertThat(StageTrainer.evaluationWorkers(2, 1, 2)).as("beside another stage").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(2, 2, 1)).as("2 threads of its own").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(1, 1, 1)).as("one core").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(8, 1, 3)).as("8 cores, 3 stages").isEqualTo(2);
    assertThat(StageTrainer.evaluationWorkers(16, 1, 1)).as("capped").isEqualTo(StageTrainer.MAX_EVALUATION_WORKERS);
  }
}
