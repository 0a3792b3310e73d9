package io.github.fashionae.evaluation;

import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.training.Engine;
import io.github.fashionae.training.TrainingProtocol;
import io.github.fashionae.training.TrainingProtocol.Event;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forked evaluation JVM's entry point: {@code EvaluatorMain JOB.json}. It measures every model of the
 * {@link EvaluationJob} on the test images and answers with a DONE line holding the list of
 * {@link StageEvaluation}s. Its standard output carries only {@link TrainingProtocol} lines.
 */
public final class EvaluatorMain {

  private EvaluatorMain() {
  }

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    int status = 0;
    try {
      EvaluationJob job = TrainingProtocol.JSON.readValue(Path.of(args[0]).toFile(), EvaluationJob.class);
      protocol.println(TrainingProtocol.line(Event.DONE, TrainingProtocol.json(run(job, protocol))));
    } catch (Throwable e) {
      e.printStackTrace();
      protocol.println(TrainingProtocol.line(Event.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
      status = 2;
    }
    protocol.flush();
    System.exit(status); // ND4J's native thread pools would keep the JVM alive.
  }

  /** Evaluates every item of the job in this JVM. */
  public static List<StageEvaluation> run(EvaluationJob job, PrintStream protocol) throws Exception {
    Engine.prepare();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LabeledImages test = IdxReader.readLabeled(Path.of(job.testImages().path()), Path.of(job.testLabels().path()));
    List<StageEvaluation> results = new ArrayList<>();
    for (EvaluationJob.Item item : job.items()) {
      long start = System.nanoTime();
      MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(Path.of(item.model()).toFile(), false);
      StageEvaluation result = Evaluator.evaluate(item, net, test, job.testImages().sha256(),
          Engine.describe(net, job.threads()));
      results.add(result);
      protocol.println(TrainingProtocol.line(Event.INFO, String.format(Locale.ROOT, "%s: evaluated on %,d test "
          + "images in %.1f s", item.stage(), result.testExamples(), (System.nanoTime() - start) / 1e9)));
    }
    return results;
  }
}
