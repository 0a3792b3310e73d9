package io.github.fashionae.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.BuildInputs;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageSpec;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonsTest {

  static StageSpec autoencoder(Optimizer optimizer, double learningRate) {
    return AutoencoderStage.of(Defaults.autoencoder(), new TrainingSettings(optimizer, learningRate, 0.2, 100, 30,
        42), new BuildInputs(List.of(), new DataOptions(ValidationSet.HOLDOUT, 10_000, 0), 1, "engine",
        "1980-01-01T00:00:00Z"));
  }

  @Test
  void differingKeysAreThoseNotEqualEverywhere() {
    List<StageSpec> jobs = List.of(autoencoder(Optimizer.ADAM, 0.01), autoencoder(Optimizer.ADAM, 0.001),
        autoencoder(Optimizer.SGD, 0.001));
    assertThat(Comparisons.differingKeys(jobs)).containsExactly("settings.learningRate", "settings.optimizer");
    assertThat(Comparisons.describe(jobs.get(2), Comparisons.differingKeys(jobs)))
        .isEqualTo("learningRate=0.001, optimizer=sgd");
    assertThat(Comparisons.describeKeys(Comparisons.differingKeys(jobs))).isEqualTo("learning rate, optimizer");
    assertThat(Comparisons.fixed(jobs.subList(0, 2))).isEqualTo("optimizer adam, dropout 0.2, batch 100, epochs 30, "
        + "seed 42, latent size 64, linear layer true, training limit 0");
  }

  @Test
  void epochsToWithinFivePercentOfTheLastLoss() {
    List<EpochRecord> epochs = List.of(record(1, 0.5), record(2, 0.2), record(3, 0.104), record(4, 0.1));
    assertThat(Comparisons.epochsToWithin(epochs, 0.05)).isEqualTo(3);
    assertThat(Comparisons.epochsToWithin(epochs, 1.0)).isEqualTo(2);
  }

  @Test
  void theTextTableAlignsItsColumns() {
    List<CompareTable.Row> rows = CompareTable.rows(ReportFixtures.study());
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.experiment()).isEqualTo("baseline");
      assertThat(row.differs()).isEqualTo("–");
      assertThat(row.cells().get(4)).isEqualTo("0.02650");
    });
    List<String> lines = CompareTable.text(rows);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("Experiment  Differs in  Train loss  Validation loss  Test MSE  Within 5%");
    assertThat(lines.get(1)).startsWith("baseline    –           0.01707     0.02240          0.02650   ");
    assertThat(lines.get(0).indexOf("Test MSE")).isEqualTo(lines.get(1).indexOf("0.02650"));
  }

  private static EpochRecord record(int epoch, double validation) {
    return new EpochRecord(epoch, validation, validation, validation, null, null, 1);
  }
}
