package io.github.fashionae.fork;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.numerics.Parallel;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The environment an engine JVM starts with, beyond {@code OMP_NUM_THREADS = threads}. */
class EngineTaskTest {

  private static final String ENGINE = "fashion-ae 0.1.0, DL4J 1.0.0-M2.1";

  private static AutoencoderStage stage(String engine) {
    return new AutoencoderStage(Defaults.autoencoder(), Defaults.settings(3), new DataOptions(ValidationSet.HOLDOUT,
        100, 200), List.of(), 2, engine, "2026-01-01T00:00:00Z");
  }

  private static EngineTask.Train train(String engine) {
    return new EngineTask.Train(stage(engine), "autoencoder", new TreeMap<>(), "out", "checkpoints", 1);
  }

  private static EngineTask.Evaluate evaluate(String... engines) {
    return new EngineTask.Evaluate(java.util.Arrays.stream(engines)
        .map(engine -> new EngineTask.Evaluate.Item("autoencoder", stage(engine), "model.zip", "00"))
        .toList(), "images", "11", "labels", 2);
  }

  @Test
  void aPortableTaskRunsNd4jOnOneThreadAndTheNumericsOnItsThreads() {
    Map<String, String> expected = Map.of("OMP_NUM_THREADS", "1", Parallel.THREADS_VARIABLE, "2");

    assertThat(train(EngineIdentity.portable(ENGINE)).environment()).isEqualTo(expected);
    assertThat(evaluate(EngineIdentity.portable(ENGINE), EngineIdentity.portable(ENGINE)).environment())
        .isEqualTo(expected);
  }

  @Test
  void aNativeTaskKeepsOpenMpAtItsThreads() {
    assertThat(train(ENGINE).environment()).isEmpty();
    assertThat(evaluate(ENGINE).environment()).isEmpty();
    assertThat(evaluate(EngineIdentity.portable(ENGINE), ENGINE).environment()).as("a native stage among them")
        .isEmpty();
  }
}
