package io.github.fashionae.fork;

import io.github.fashionae.fork.Protocol.Event;
import io.github.fashionae.stage.EngineIdentity;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import io.github.fashionae.util.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
 * Runs an {@link EngineTask} in a forked engine JVM, like surefire runs tests: OpenMP's thread count must be in
 * the environment before the JVM starts, a native crash must not take Maven down, and ND4J's start-up chatter
 * belongs in a log file, not in the build log. The forked JVM speaks {@link Protocol} lines on its standard
 * output; everything else it prints goes to the log file.
 *
 * <p>This class runs in Maven's JVM and loads no DL4J class; the engine's entry point is named by
 * {@link Protocol#MAIN_CLASS}, never referenced.
 */
public final class ForkedJvm {

  /**
   * JVM options of every forked engine JVM, beyond the heap: turn DL4J's oneDNN layer helpers on (see
   * {@code org.nd4j.nativeblas.Nd4jCpu} for the other half of that switch), and load the oneDNN natives
   * (JavaCPP falls back to the plain natives where those cannot load).
   */
  static final List<String> JVM_OPTIONS = List.of(
      "--add-modules=jdk.incubator.vector", // the portable numerics' Vector API
      "-D" + Protocol.HELPERS_DISABLE_PROPERTY + "=false",
      "-D" + Protocol.PLATFORM_EXTENSION_PROPERTY + "=" + EngineIdentity.NATIVES_EXTENSION);

  private static final int TAIL_LINES = 25;

  /** What the JVM prints at start-up when a module of {@code jdk.incubator} is added, as the engine's are. */
  static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules";

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

  /** The command line that runs the engine on {@code jobFile}. */
  List<String> command(Path jobFile) {
    List<String> command = new ArrayList<>();
    command.add(fork.javaExecutable().toString());
    command.add("-Xmx" + fork.maxHeap());
    command.addAll(JVM_OPTIONS);
    String halt = System.getProperty(Protocol.HALT_AFTER_EPOCH_PROPERTY);
    if (halt != null && !halt.isBlank()) {
      command.add("-D" + Protocol.HALT_AFTER_EPOCH_PROPERTY + "=" + halt.trim());
    }
    command.addAll(fork.jvmArgs());
    command.add("-cp");
    command.add(fork.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(Protocol.MAIN_CLASS);
    command.add(jobFile.toString());
    return command;
  }

  /**
   * Writes {@code task} to {@code jobFile}, runs it with the task's OpenMP thread count, copying the JVM's
   * chatter to {@code logFile}, and returns the payload of its DONE line.
   *
   * @param what what the run does, for messages ("Training autoencoder")
   * @throws ForkException when the JVM fails or ends without a DONE line; the message holds its last lines
   */
  public String run(String what, EngineTask task, Path jobFile, Path logFile, Listener listener)
      throws ForkException, IOException {
    AtomicFiles.write(jobFile, Json.pretty(task).getBytes(StandardCharsets.UTF_8));
    ProcessBuilder builder = new ProcessBuilder(command(jobFile)).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", Integer.toString(task.threads()));
    builder.environment().putAll(EnginePlatform.chosenDispatch());
    builder.environment().putAll(task.environment());
    log.debug(what + " command: " + String.join(" ", builder.command()));
    Process process = builder.start();
    // Standard input stays open while the engine runs: its end tells the engine that this JVM is gone.
    OutputStream lifeline = process.getOutputStream();
    String done = null;
    String error = null;
    Deque<String> tail = new ArrayDeque<>();
    int exit;
    try {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8)); BufferedWriter file = Files.newBufferedWriter(logFile)) {
        String line;
        while ((line = out.readLine()) != null) {
          if (!line.startsWith(Protocol.MARKER)) {
            file.write(line);
            file.newLine();
            if (line.startsWith("SLF4J:") || line.startsWith(INCUBATOR_NOTICE)) {
              continue; // start-up noise (the logging binding, the Vector API module): in the log file, not quoted
            }
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
              tail.removeFirst();
            }
            continue;
          }
          String rest = line.substring(Protocol.MARKER.length());
          int space = rest.indexOf(' ');
          Event event = Event.valueOf(space < 0 ? rest : rest.substring(0, space));
          String payload = space < 0 ? "" : rest.substring(space + 1);
          switch (event) {
            case DONE -> done = payload;
            case ERROR -> error = payload;
            default -> listener.event(event, payload);
          }
        }
      }
      exit = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + what);
    } finally {
      try {
        lifeline.close();
      } catch (IOException e) {
        // the engine has gone already
      }
      if (process.isAlive()) {
        process.destroyForcibly(); // this JVM stops listening (an error, an interrupt): the engine stops too
      }
    }
    if (exit != 0 || done == null) {
      boolean outOfHeap = (error != null && error.contains("OutOfMemoryError"))
          || tail.stream().anyMatch(line -> line.contains("OutOfMemoryError"));
      throw new ForkException(String.format(Locale.ROOT, "%s failed (the forked JVM exited with "
          + "code %d)%s%s. The last lines of %s:%n%s", what, exit, error == null ? "" : ": " + error, outOfHeap
          ? "; it ran out of heap with -Xmx" + fork.maxHeap() + ": raise fashionae.maxHeap (e.g. -Dfashionae.maxHeap="
          + "2g)" : "", logFile, String.join(System.lineSeparator(), tail)));
    }
    return done;
  }
}
