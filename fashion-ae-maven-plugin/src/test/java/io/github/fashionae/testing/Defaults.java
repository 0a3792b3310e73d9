package io.github.fashionae.testing;

import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.AutoencoderSpec;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.TrainingSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The study's defaults and this test JVM as an engine fork: what many tests start from. */
public final class Defaults {

  private Defaults() {
  }

  /** The study's autoencoder shape: latent size 64, with the linear bottleneck. */
  public static AutoencoderSpec autoencoder() {
    return new AutoencoderSpec(64, true);
  }

  /** The study's settings: Adam, learning rate 0.001, dropout 0.2, batch 100, 30 epochs, the given seed. */
  public static TrainingSettings settings(long seed) {
    return settings(seed, 30);
  }

  /** The study's settings with {@code epochs} epochs. */
  public static TrainingSettings settings(long seed, int epochs) {
    return new TrainingSettings(Optimizer.ADAM, 0.001, 0.2, 100, epochs, seed);
  }

  /** A fork of this JVM's own java and classpath. */
  public static ForkedJvm.Fork currentJvm(String maxHeap) {
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(Path.of(entry));
    }
    return new ForkedJvm.Fork(Path.of(System.getProperty("java.home"), "bin", "java"), classpath, maxHeap, List.of());
  }
}
