package io.github.fashionae.engine;

import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.Protocol.Event;
import io.github.fashionae.fork.Protocol;
import io.github.fashionae.util.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The engine JVM's one entry point: {@code EngineMain JOB.json} runs the {@link EngineTask} in the file (train a
 * stage, or evaluate stages) and answers with a DONE line holding its result as JSON. Its standard output
 * carries only {@link Protocol} lines; everything else is sent to standard error.
 */
public final class EngineMain {

  private EngineMain() {
  }

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
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

  /** Runs {@code task} in this JVM, telling {@code protocol} about its progress, and returns its result. */
  public static Object run(EngineTask task, PrintStream protocol) throws Exception {
    Engine.prepare();
    if (task instanceof EngineTask.Train train) {
      return Training.run(train, protocol);
    }
    return Evaluator.run((EngineTask.Evaluate) task, protocol);
  }
}
