package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What a user of the released ONNX classifier writes: run it with ONNX Runtime, classify the test images. */
class ReleasedClassifierTest {

  @Test
  void theReleasedOnnxClassifierRunsInOnnxRuntimeAndScoresWhatItsProducerRecorded() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.deeplearning4j.nn.multilayer.MultiLayerNetwork"),
        "neither DL4J nor the plugin may be on this project's classpath");
    JsonNode card = new ObjectMapper().readTree(new File(System.getProperty("modelCard")));
    String inputName = card.get("onnx").get("inputName").asText();
    byte[] pixels = idx(System.getProperty("testImages"), 16);
    byte[] labels = idx(System.getProperty("testLabels"), 8);

    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    int correct = 0;
    try (OrtSession session = environment.createSession(System.getProperty("model"), new OrtSession.SessionOptions())) {
      for (int from = 0; from < labels.length; from += 1000) {
        int n = Math.min(1000, labels.length - from);
        float[] batch = new float[n * 784];
        for (int i = 0; i < batch.length; i++) {
          batch[i] = (pixels[from * 784 + i] & 0xff) / 255f;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), new long[] {n, 784});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
          float[][] probabilities = (float[][]) result.get(0).getValue();
          for (int i = 0; i < n; i++) {
            correct += argmax(probabilities[i]) == labels[from + i] ? 1 : 0;
          }
        }
      }
    }
    double accuracy = correct / (double) labels.length;
    double recorded = new ObjectMapper().readTree(new File(System.getProperty("evaluation"))).get("accuracy")
        .asDouble();
    System.out.printf("ONNX Runtime consumer: test accuracy %.4f on %d images (opset %d); the producer's "
        + "evaluation: %.4f%n", accuracy, labels.length, card.get("onnx").get("opset").asInt(), recorded);
    // what is promised: the outputs agree with the producer's within 1e-5 (other kernels round otherwise), so an
    // image whose two best classes lie that close may go either way; 10 of 10,000 is far more than is ever seen
    assertEquals(recorded, accuracy, 0.001);
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The bytes after an IDX file's header. */
  static byte[] idx(String gzip, int header) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(Path.of(gzip))))) {
      in.skipNBytes(header);
      return in.readAllBytes();
    }
  }
}
