package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** What a user of the released classifier writes: load it with Deeplearning4j, classify the test images. */
class ReleasedClassifierTest {

  @Test
  void theReleasedClassifierLoadsWithDl4jAloneAndScoresWhatItsProducerRecorded() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.github.fashionae.model.FastRelu"),
        "the plugin must not be on this project's classpath");
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(System.getProperty("model")));
    JsonNode card = new ObjectMapper().readTree(new File(System.getProperty("modelCard")));

    // The card's contract: [batch, 784] floats, pixel / 255; the output index is the label.
    byte[] pixels = idx(System.getProperty("testImages"), 16);
    byte[] labels = idx(System.getProperty("testLabels"), 8);
    int correct = 0;
    String first = null;
    for (int from = 0; from < labels.length; from += 1000) {
      int n = Math.min(1000, labels.length - from);
      float[] batch = new float[n * 784];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = (pixels[from * 784 + i] & 0xff) / 255f;
      }
      INDArray predicted = net.output(Nd4j.create(batch, new long[] {n, 784}, 'c')).argMax(1);
      if (first == null) {
        first = card.get("classes").get(predicted.getInt(0)).asText();
      }
      for (int i = 0; i < n; i++) {
        correct += predicted.getInt(i) == labels[from + i] ? 1 : 0;
      }
    }
    double accuracy = correct / (double) labels.length;
    double recorded = new ObjectMapper().readTree(new File(System.getProperty("evaluation"))).get("accuracy")
        .asDouble();
    System.out.printf("plain DL4J consumer: test accuracy %.4f on %d images; the producer's evaluation: %.4f; "
        + "the first test image: %s%n", accuracy, labels.length, recorded, first);
    // what is promised: the outputs agree with the producer's within 1e-5 (other kernels round otherwise), so an
    // image whose two best classes lie that close may go either way; 10 of 10,000 is far more than is ever seen
    assertEquals(recorded, accuracy, 0.001);
  }

  /** The bytes after an IDX file's header. */
  static byte[] idx(String gzip, int header) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(Path.of(gzip))))) {
      in.skipNBytes(header);
      return in.readAllBytes();
    }
  }
}
