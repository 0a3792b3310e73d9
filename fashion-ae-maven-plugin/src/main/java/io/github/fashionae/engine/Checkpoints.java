package io.github.fashionae.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.FileTrees;
import io.github.fashionae.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
  private final ModelWriter writer;

  Checkpoints(Path directory) {
    this(directory, (net, file) -> ModelSerializer.writeModel(net, file.toFile(), true));
  }

  /** With another writer of a network's archive: the tests' way to fail the way a full disk does. */
  Checkpoints(Path directory, ModelWriter writer) {
    this.directory = directory;
    this.writer = writer;
  }

  /** Writes a network, with its updater state, to a file. */
  @FunctionalInterface
  interface ModelWriter {
    void write(MultiLayerNetwork net, Path file) throws IOException;
  }

  /**
   * Why writing failed, in the words of the innermost exception that says it: a zip stream's close often hides the
   * file system's "No space left on device" in a cause or a suppressed exception.
   */
  static String reason(Throwable failure) {
    ArrayDeque<Throwable> pending = new ArrayDeque<>(List.of(failure));
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String innermost = null;
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof FileSystemException && t.getMessage() != null) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        innermost = t.getMessage();
      }
      pending.addAll(List.of(t.getSuppressed()));
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
    }
    return innermost == null ? failure.toString() : innermost;
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

  /**
   * Saves the state after {@code history}'s last epoch, then deletes older checkpoints. When it cannot be written
   * (a full disk), nothing of it is left behind and the exception's message names the folder and the reason, e.g.
   * {@code /cache/checkpoints/ab12…: No space left on device}.
   */
  void save(MultiLayerNetwork net, List<EpochRecord> history) throws IOException {
    Path temp = directory.resolve(".partial-" + UUID.randomUUID());
    try {
      Files.createDirectories(temp);
      writer.write(net, temp.resolve(MODEL));
      Files.write(temp.resolve(HISTORY), Json.pretty(history).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.deleteTree(temp);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new IOException(directory + ": " + reason(e), e);
    }
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
