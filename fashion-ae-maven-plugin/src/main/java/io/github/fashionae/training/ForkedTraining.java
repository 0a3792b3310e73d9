package io.github.fashionae.training;

import io.github.fashionae.training.TrainingProtocol.Event;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Durations;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs a {@link TrainingJob} in a forked JVM, like surefire runs tests: OpenMP's thread count must be in the
 * environment before the JVM starts, a native crash must not take Maven down, and ND4J's start-up chatter
 * belongs in a log file, not in the build log. Each finished epoch is streamed back into the build log.
 *
 * <p>This class runs in Maven's JVM and touches no DL4J class.
 */
public final class ForkedTraining {

  /** The entry point of the forked JVM. */
  static final String MAIN_CLASS = "io.github.fashionae.training.TrainerMain";

  /** The file that receives everything the forked JVM prints besides protocol lines. */
  public static final String LOG_FILE = "training.log";

  /** The job as last run, beside its outputs. */
  public static final String JOB_FILE = "job.json";

  private static final int TAIL_LINES = 25;

  /**
   * JVM options of the forked training JVM, beyond the heap: turn DL4J's oneDNN layer helpers on (see
   * {@code org.nd4j.nativeblas.Nd4jCpu} for the other half of that switch), and load the oneDNN natives
   * (JavaCPP falls back to the plain natives where those cannot load).
   */
  static final List<String> JVM_OPTIONS = List.of(
      "-D" + Engine.HELPERS_DISABLE_PROPERTY + "=false",
      "-D" + Engine.PLATFORM_EXTENSION_PROPERTY + "=" + Engine.NATIVES_EXTENSION);

  /** Environment variables of the forked training JVM, beyond OMP_NUM_THREADS. */
  static final java.util.Map<String, String> ENVIRONMENT = java.util.Map.of();

  /**
   * How to start the forked JVM.
   *
   * @param javaExecutable the java executable
   * @param classpath the engine's classpath: the plugin and its dependencies
   * @param maxHeap the -Xmx value, e.g. "512m"
   * @param jvmArgs further JVM arguments
   */
  public record Fork(Path javaExecutable, List<Path> classpath, String maxHeap, List<String> jvmArgs) {
    public Fork {
      Objects.requireNonNull(javaExecutable, "javaExecutable");
      classpath = List.copyOf(classpath);
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** A fork of this JVM's own java and classpath, as tests use. */
    public static Fork ofCurrentJvm(String maxHeap) {
      List<Path> classpath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        classpath.add(Path.of(entry));
      }
      return new Fork(Path.of(System.getProperty("java.home"), "bin", "java"), classpath, maxHeap, List.of());
    }
  }

  private final Fork fork;
  private final BuildLog log;

  public ForkedTraining(Fork fork, BuildLog log) {
    this.fork = fork;
    this.log = log;
  }

  /** The command line that runs {@code jobFile}. */
  List<String> command(Path jobFile) {
    List<String> command = new ArrayList<>();
    command.add(fork.javaExecutable().toString());
    command.add("-Xmx" + fork.maxHeap());
    command.addAll(JVM_OPTIONS);
    command.addAll(fork.jvmArgs());
    command.add("-cp");
    command.add(fork.classpath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
    command.add(MAIN_CLASS);
    command.add(jobFile.toString());
    return command;
  }

  /** Runs the job and returns its summary, logging one line per epoch. */
  public TrainingSummary run(TrainingJob job) throws TrainingException, IOException {
    Path output = Files.createDirectories(Path.of(job.outputDirectory()));
    Path jobFile = output.resolve(JOB_FILE);
    AtomicFiles.write(jobFile, TrainingProtocol.prettyJson(job).getBytes(StandardCharsets.UTF_8));
    Path logFile = output.resolve(LOG_FILE);
    ProcessBuilder builder = new ProcessBuilder(command(jobFile)).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", Integer.toString(job.threads()));
    builder.environment().putAll(ENVIRONMENT);
    log.debug("Training command: " + String.join(" ", builder.command()));
    Process process = builder.start();
    process.getOutputStream().close();
    TrainingSummary summary = null;
    String error = null;
    Deque<String> tail = new ArrayDeque<>();
    Progress progress = new Progress(job);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); BufferedWriter file = Files.newBufferedWriter(logFile)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith(TrainingProtocol.MARKER)) {
          file.write(line);
          file.newLine();
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
          continue;
        }
        String rest = line.substring(TrainingProtocol.MARKER.length());
        int space = rest.indexOf(' ');
        Event event = Event.valueOf(space < 0 ? rest : rest.substring(0, space));
        String payload = space < 0 ? "" : rest.substring(space + 1);
        switch (event) {
          case INFO -> log.info(payload);
          case EPOCH -> log.info(progress.line(TrainingProtocol.JSON.readValue(payload, EpochRecord.class)));
          case DONE -> summary = TrainingProtocol.JSON.readValue(payload, TrainingSummary.class);
          case ERROR -> error = payload;
          default -> throw new IllegalStateException("unknown event " + event);
        }
      }
    } finally {
      process.getInputStream().close();
    }
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while training " + job.stage());
    }
    if (exit != 0 || summary == null) {
      throw new TrainingException(String.format(Locale.ROOT, "Training %s failed (the training JVM exited with "
          + "code %d)%s. The last lines of %s:%n%s", job.stage(), exit, error == null ? "" : ": " + error, logFile,
          String.join(System.lineSeparator(), tail)));
    }
    return summary;
  }

  /** Formats epoch lines with an ETA from the mean epoch time so far. */
  static final class Progress {
    private final TrainingJob job;
    private double seconds;

    Progress(TrainingJob job) {
      this.job = job;
    }

    String line(EpochRecord record) {
      seconds += record.seconds();
      int total = job.settings().epochs();
      double eta = seconds / record.epoch() * (total - record.epoch());
      String accuracy = record.validationAccuracy() == null ? "" : String.format(Locale.ROOT,
          ", accuracy %.4f (validation %.4f)", record.trainAccuracy(), record.validationAccuracy());
      return String.format(Locale.ROOT, "%s epoch %d/%d: loss %.5f (eval %.5f, validation %.5f)%s, %.1f s, ETA %s",
          job.stage(), record.epoch(), total, record.trainLoss(), record.trainLossEval(), record.validationLoss(),
          accuracy, record.seconds(), Durations.format(eta));
    }
  }
}
