package io.github.fashionae.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.FileTrees;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * One checkpoint per finished epoch: the network with its updater state, and the history so far. A
 * checkpoint is written into a temporary folder and renamed into place, so a killed JVM leaves either the
 * whole checkpoint or none; older checkpoints are then deleted. Since every epoch's randomness is drawn
 * from the seed and the epoch number, resuming from a checkpoint gives the parameters of an uninterrupted run.
 */
final class Checkpoints {

  private static final String PREFIX = "epoch-";
  private static final String MODEL = "model.zip";
  private static final String HISTORY = "history.json";

  private final Path directory;

  Checkpoints(Path directory) {
    this.directory = directory;
  }

  /** A restored checkpoint: the network as it ended the epoch, and the epochs so far. */
  record Restored(MultiLayerNetwork net, List<EpochRecord> history) {
  }

  /** The latest complete checkpoint, if any. */
  Optional<Restored> latest() throws IOException {
    Optional<Path> latest = checkpoints().stream().max(Comparator.naturalOrder());
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(latest.get().resolve(MODEL).toFile(), true);
    restoreLayerNames(net);
    List<EpochRecord> history = Json.MAPPER.readValue(latest.get().resolve(HISTORY).toFile(),
        new TypeReference<List<EpochRecord>>() { });
    return Optional.of(new Restored(net, history));
  }

  /**
   * Gives a frozen layer's inner layer back the name DL4J's builder gave it ({@code layer0}, {@code layer1}, …).
   * A FrozenLayer saves its own name as null, and DL4J M2.1's loading copies that null onto the layer inside it,
   * so a resumed frozen classifier's {@code configuration.json} differed from an uninterrupted run's in nothing
   * but these names. The FrozenLayer's own name stays null, as in the uninterrupted run.
   */
  static void restoreLayerNames(MultiLayerNetwork net) {
    MultiLayerConfiguration configuration = net.getLayerWiseConfigurations();
    for (int i = 0; i < configuration.getConfs().size(); i++) {
      if (configuration.getConf(i).getLayer() instanceof FrozenLayer frozen
          && frozen.getLayer().getLayerName() == null) {
        frozen.getLayer().setLayerName("layer" + i);
      }
    }
  }

  /** Saves the state after {@code history}'s last epoch, then deletes older checkpoints. */
  void save(MultiLayerNetwork net, List<EpochRecord> history) throws IOException {
    Files.createDirectories(directory);
    Path temp = directory.resolve(".partial-" + UUID.randomUUID());
    Files.createDirectories(temp);
    ModelSerializer.writeModel(net, temp.resolve(MODEL).toFile(), true);
    Files.write(temp.resolve(HISTORY), Json.pretty(history).getBytes(StandardCharsets.UTF_8));
    Path target = directory.resolve(String.format(Locale.ROOT, "%s%04d", PREFIX, history.size()));
    FileTrees.deleteTree(target);
    AtomicFiles.moveAtomically(temp, target);
    for (Path older : checkpoints()) {
      if (!older.equals(target)) {
        FileTrees.deleteTree(older);
      }
    }
  }

  private List<Path> checkpoints() throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(PREFIX) && Files.isRegularFile(entry.resolve(MODEL))) {
          found.add(entry);
        } else if (name.startsWith(".partial-")) {
          FileTrees.deleteTree(entry); // left by a killed run
        }
      }
    }
    return found;
  }
}
