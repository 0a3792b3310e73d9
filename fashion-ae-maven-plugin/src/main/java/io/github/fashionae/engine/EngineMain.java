package io.github.fashionae.engine;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.fork.Protocol.Event;
import io.github.fashionae.util.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine JVM's one entry point: {@code EngineMain JOB.json} runs the {@link EngineTask} in the file (train a
 * stage, or evaluate stages) and answers with a DONE line holding its result as JSON. Its standard output
 * carries only {@link Protocol} lines; everything else is sent to standard error.
 */
public final class EngineMain {

  private static final long PARENT_POLL_MILLIS = 1000;

  private EngineMain() {
  }

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    watchParent(System.in, ProcessHandle.current().parent());
    int status = 0;
    try {
      EngineTask task = Json.MAPPER.readValue(Path.of(args[0]).toFile(), EngineTask.class);
      protocol.println(Protocol.line(Event.DONE, Json.compact(run(task, protocol))));
    } catch (Throwable e) {
      e.printStackTrace();
      protocol.println(Protocol.line(Event.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
      status = 2;
    }
    protocol.flush();
    System.exit(status); // ND4J's native thread pools would keep the JVM alive.
  }

  /**
   * Halts this JVM when the Maven JVM that started it is gone, as surefire's forked booter does: when its end of
   * our standard input closes (the kernel closes it when that JVM dies, even by kill -9), or when the parent
   * process is no longer alive. A checkpoint being written is then lost, never half-kept: checkpoints are
   * renamed into place.
   */
  static void watchParent(InputStream lifeline, Optional<ProcessHandle> parent) {
    daemon("fashion-ae-lifeline", () -> {
      try {
        while (lifeline.read() >= 0) {
          // Maven's JVM never writes; anything it does is ignored
        }
      } catch (IOException e) {
        // a broken pipe means the same as the end of the stream
      }
      orphaned("its standard input closed");
    });
    parent.ifPresent(process -> daemon("fashion-ae-parent-watch", () -> {
      while (process.isAlive()) {
        try {
          Thread.sleep(PARENT_POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      orphaned("its parent process " + process.pid() + " ended");
    }));
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void orphaned(String why) {
    System.err.println("The Maven JVM that started this engine JVM is gone (" + why + "); stopping");
    System.err.flush();
    Runtime.getRuntime().halt(Protocol.ORPHANED);
  }

  /** Runs {@code task} in this JVM, telling {@code protocol} about its progress, and returns its result. */
  public static Object run(EngineTask task, PrintStream protocol) throws Exception {
    Engine.prepare();
    if (task instanceof EngineTask.Train train) {
      return Training.run(train, protocol);
    }
    if (task instanceof EngineTask.Probe) {
      return PlatformProbe.run();
    }
    return Evaluator.run((EngineTask.Evaluate) task, protocol);
  }
}
