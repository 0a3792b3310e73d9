package io.github.fashionae.training;

import io.github.fashionae.training.TrainingProtocol.Event;
import io.github.fashionae.util.BuildLog;
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
 * Runs an engine entry point ({@code TrainerMain}, {@code EvaluatorMain}) in a forked JVM, like surefire runs
 * tests: OpenMP's thread count must be in the environment before the JVM starts, a native crash must not take
 * Maven down, and ND4J's start-up chatter belongs in a log file, not in the build log. The forked JVM speaks
 * {@link TrainingProtocol} lines on its standard output; everything else it prints goes to the log file.
 *
 * <p>This class runs in Maven's JVM and touches no DL4J class.
 */
public final class ForkedJvm {

  /**
   * JVM options of every forked engine JVM, beyond the heap: turn DL4J's oneDNN layer helpers on (see
   * {@code org.nd4j.nativeblas.Nd4jCpu} for the other half of that switch), and load the oneDNN natives
   * (JavaCPP falls back to the plain natives where those cannot load).
   */
  static final List<String> JVM_OPTIONS = List.of(
      "-D" + Engine.HELPERS_DISABLE_PROPERTY + "=false",
      "-D" + Engine.PLATFORM_EXTENSION_PROPERTY + "=" + Engine.NATIVES_EXTENSION);

  private static final int TAIL_LINES = 25;

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

  /** Receives the protocol's INFO and progress lines; DONE and ERROR are handled here. */
  @FunctionalInterface
  public interface Listener {
    void event(Event event, String payload) throws IOException;
  }

  private final Fork fork;
  private final BuildLog log;

  public ForkedJvm(Fork fork, BuildLog log) {
    this.fork = fork;
    this.log = log;
  }

  /** The command line that runs {@code mainClass} on {@code jobFile}. */
  List<String> command(String mainClass, Path jobFile) {
    List<String> command = new ArrayList<>();
    command.add(fork.javaExecutable().toString());
    command.add("-Xmx" + fork.maxHeap());
    command.addAll(JVM_OPTIONS);
    command.addAll(fork.jvmArgs());
    command.add("-cp");
    command.add(fork.classpath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
    command.add(mainClass);
    command.add(jobFile.toString());
    return command;
  }

  /**
   * Runs {@code mainClass JOB} with {@code threads} OpenMP threads, copying its chatter to {@code logFile},
   * and returns the payload of its DONE line.
   *
   * @param what what the run does, for messages ("Training autoencoder")
   * @throws TrainingException when the JVM fails or ends without a DONE line; the message holds its last lines
   */
  public String run(String what, String mainClass, Path jobFile, Path logFile, int threads, Listener listener)
      throws TrainingException, IOException {
    ProcessBuilder builder = new ProcessBuilder(command(mainClass, jobFile)).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    log.debug(what + " command: " + String.join(" ", builder.command()));
    Process process = builder.start();
    process.getOutputStream().close();
    String done = null;
    String error = null;
    Deque<String> tail = new ArrayDeque<>();
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
          case DONE -> done = payload;
          case ERROR -> error = payload;
          default -> listener.event(event, payload);
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
      throw new InterruptedIOException("interrupted: " + what);
    }
    if (exit != 0 || done == null) {
      throw new TrainingException(String.format(Locale.ROOT, "%s failed (the forked JVM exited with "
          + "code %d)%s. The last lines of %s:%n%s", what, exit, error == null ? "" : ": " + error, logFile,
          String.join(System.lineSeparator(), tail)));
    }
    return done;
  }
}
