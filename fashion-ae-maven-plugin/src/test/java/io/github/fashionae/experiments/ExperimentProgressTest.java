package io.github.fashionae.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExperimentProgressTest {

  private static Study.Entry job(String name, Set<ClassifierMode> modes) {
    TrainingSettings settings = Defaults.settings(1, 10);
    return new Study.Entry(1, new Experiment(name, new TreeMap<>()), new Overrides.Resolved(
        Defaults.autoencoder(), settings, settings, modes), Path.of("/x", name));
  }

  @Test
  void countsStatesAndSpreadsTheEpochsLeftOverTheSlots() {
    RecordingLog log = new RecordingLog();
    List<Study.Entry> jobs = List.of(job("a", Set.of()), job("b", Set.of(ClassifierMode.FROZEN)),
        job("c", Set.of()), job("d", Set.of()));
    ExperimentProgress progress = new ExperimentProgress(jobs, Set.of("d"), 2, log);
    assertThat(log.lines).containsExactly("Experiments: 4, at most 2 at once");

    progress.started("a");
    progress.started("b");
    progress.epochFinished("a", new EpochRecord(1, 0, 0, 0, null, null, 60));
    // left: a 9, b 20 (autoencoder and classifier), c 10, d 0 (its autoencoder is cached) = 39 epochs of 60 s,
    // over 2 slots
    assertThat(log.lines.get(1)).isEqualTo("experiments: 2 running (a 1/10, b 0/20), 0 trained, 0 cached, "
        + "2 waiting; ETA 19m30s");
    progress.stageDone("a", true);
    progress.done("a");
    progress.started("d");
    progress.stageDone("d", false);
    progress.done("d");
    assertThat(log.lines.get(log.lines.size() - 1)).startsWith("experiments: 1 running (b 0/20), 1 trained, 1 cached, "
        + "1 waiting; ETA ");
  }
}
