package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.AutoencoderStage;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.testing.Await;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.testing.RecordingLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine JVM lives no longer than the JVM that started it, and never shares its checkpoint folder. */
class EngineLifetimeTest {

  @TempDir
  Path dir;

  @Test
  void killingTheParentWithSigkillStopsTheEngineJvm() throws Exception {
    ForkedJvm.Fork current = Defaults.currentJvm("256m");
    Process parent = new ProcessBuilder(current.javaExecutable().toString(), "-cp",
        System.getProperty("java.class.path"), ForkingParent.class.getName(), dir.resolve("out").toString(),
        dir.resolve("checkpoints").toString(), "1000").redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(parent.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("autoencoder epoch 1/1000")) {
        // wait until the engine JVM trains
      }
      assertThat(line).as("the engine JVM reported its first epoch").isNotNull();
      List<ProcessHandle> engines = parent.toHandle().descendants().toList();
      assertThat(engines).hasSize(1);

      parent.destroyForcibly(); // SIGKILL, as kill -9 of Maven
      parent.waitFor(10, TimeUnit.SECONDS);

      ProcessHandle engine = engines.get(0);
      engine.onExit().get(20, TimeUnit.SECONDS);
      assertThat(engine.isAlive()).isFalse();
    } finally {
      parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  @Test
  void twoEngineJvmsNeverWriteOneCheckpointFolderAtOnce() throws Exception {
    AutoencoderStage spec = AutoencoderStage.of(Defaults.autoencoder(), Defaults.settings(5, 40),
        RealData.build(new DataOptions(ValidationSet.HOLDOUT, 100, 200)));
    SortedMap<String, String> files = new TreeMap<>();
    RealData.dataset().files().forEach((name, path) -> files.put(name, path.toString()));
    RecordingLog first = new RecordingLog();
    RecordingLog second = new RecordingLog();
    String checkpoints = dir.resolve("checkpoints").toString();

    CompletableFuture<TrainingSummary> one = CompletableFuture.supplyAsync(() -> train(first, spec, files,
        dir.resolve("one"), checkpoints));
    Await.until("the first engine JVM's first epoch", Duration.ofMinutes(2),
        () -> first.lines.stream().anyMatch(l -> l.startsWith("autoencoder epoch 1/40")));
    // the first engine is frozen while it holds the checkpoint folder, however fast this CPU trains: the second
    // must then wait for it, whichever would have finished first
    List<ProcessHandle> engines = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    assertThat(engines).as("the first engine JVM, this test's only child JVM").hasSize(1);
    ProcessHandle firstEngine = engines.get(0);
    signal("STOP", firstEngine);
    CompletableFuture<TrainingSummary> two;
    try {
      two = CompletableFuture.supplyAsync(() -> train(second, spec, files, dir.resolve("two"), checkpoints));
      Await.until("the second engine JVM to wait for the checkpoint folder", Duration.ofMinutes(2),
          () -> second.lines.stream().anyMatch(l -> l.startsWith("Waiting for another build")));
      assertThat(second.lines).noneMatch(l -> l.startsWith("autoencoder epoch"));
    } finally {
      signal("CONT", firstEngine);
    }
    one.get(4, TimeUnit.MINUTES);
    TrainingSummary trained = two.get(4, TimeUnit.MINUTES);

    assertThat(second.lines).anyMatch(l -> l.startsWith("Waiting for another build to finish training autoencoder "
        + "with its checkpoints"));
    assertThat(second.lines).as("the second resumes from the first's last checkpoint, training nothing")
        .anyMatch(l -> l.startsWith("autoencoder: resuming after epoch 40/40"))
        .noneMatch(l -> l.startsWith("autoencoder epoch"));
    assertThat(trained.parametersSha256()).isEqualTo(one.get().parametersSha256());
    assertThat(Files.readAllBytes(dir.resolve("two/model.zip"))).isEqualTo(Files.readAllBytes(dir.resolve(
        "one/model.zip")));
  }

  private static void signal(String signal, ProcessHandle process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
  }

  private static TrainingSummary train(RecordingLog log, AutoencoderStage spec, SortedMap<String, String> files,
                                       Path output, String checkpoints) {
    try {
      return new ForkedTraining(Defaults.currentJvm("512m"), log).run(new EngineTask.Train(spec, "autoencoder",
          files, output.toString(), checkpoints, 1));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
