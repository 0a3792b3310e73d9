package io.github.fashionae.training;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.util.BuildLog;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A stand-in for Maven's JVM: {@code ForkingParent OUTPUT CHECKPOINTS EPOCHS} trains an autoencoder on a slice in a
 * forked engine JVM, printing the engine's lines, so that a test can kill it as kill -9 kills Maven.
 */
public final class ForkingParent {

  private ForkingParent() {
  }

  public static void main(String[] args) throws Exception {
    BuildLog out = BuildLog.to(line -> {
      System.out.println(line);
      System.out.flush();
    });
    AutoencoderStage spec = AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(3,
        Integer.parseInt(args[2])), RealData.build(new DataOptions(ValidationSet.HOLDOUT, 100, 200)));
    SortedMap<String, String> files = new TreeMap<>();
    RealData.dataset().files().forEach((name, path) -> files.put(name, path.toString()));
    new ForkedTraining(Defaults.currentJvm("512m"), out).run(new EngineTask.Train(spec, "autoencoder", files,
        Path.of(args[0]).toString(), Path.of(args[1]).toString(), 1));
    System.out.println("DONE");
  }
}
