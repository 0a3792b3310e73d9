package io.github.fashionae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.testing.Defaults;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that cannot be written, as on a full disk: a clear reason, and nothing half-written left. */
class CheckpointsTest {

  private static final MultiLayerNetwork NET = Stages.newAutoencoder(Defaults.autoencoder(),
      new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 50, 1, 1));
  private static final List<EpochRecord> ONE_EPOCH = List.of(new EpochRecord(1, 0.5, 0.4, 0.45, null, null, 1.0));

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFullDiskNamesTheFolderAndTheReasonAndLeavesNoPartialCheckpoint(@TempDir Path dir) throws IOException {
    Path checkpoints = dir.resolve("checkpoints");
    // Half an archive is written, then DL4J's own writer meets a full device (/dev/full answers ENOSPC).
    Checkpoints full = new Checkpoints(checkpoints, (net, file) -> {
      Files.write(file, new byte[569 * 1024]);
      ModelSerializer.writeModel(net, new File("/dev/full"), true);
    });

    assertThatThrownBy(() -> full.save(NET, ONE_EPOCH))
        .isInstanceOf(IOException.class)
        .hasMessage(checkpoints + ": No space left on device");

    try (Stream<Path> left = Files.list(checkpoints)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aFailedSaveKeepsTheEarlierCheckpoint(@TempDir Path dir) throws IOException {
    Path checkpoints = dir.resolve("checkpoints");
    new Checkpoints(checkpoints).save(NET, ONE_EPOCH);
    Checkpoints failing = new Checkpoints(checkpoints, (net, file) -> {
      throw new IOException("Disk quota exceeded");
    });

    assertThatThrownBy(() -> failing.save(NET, List.of(ONE_EPOCH.get(0), ONE_EPOCH.get(0))))
        .hasMessage(checkpoints + ": Disk quota exceeded");

    try (Stream<Path> left = Files.list(checkpoints)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("epoch-0001");
    }
    assertThat(new Checkpoints(checkpoints).latest()).hasValueSatisfying(r -> assertThat(r.history()).hasSize(1));
  }
}
