package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageTrainerTest {

  @Test
  void aStageEvaluatesOnTheCoresNoOtherStageTrainsOn() {
    assertThat(StageTrainer.evaluationWorkers(2, 1, 1)).as("alone on 2 cores, 1 thread").isEqualTo(2);
    assertThat(StageTrainer.evaluationWorkers(2, 1, 2)).as("beside another stage").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(2, 2, 1)).as("2 threads of its own").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(1, 1, 1)).as("one core").isEqualTo(1);
    assertThat(StageTrainer.evaluationWorkers(8, 1, 3)).as("8 cores, 3 stages").isEqualTo(2);
    assertThat(StageTrainer.evaluationWorkers(16, 1, 1)).as("capped").isEqualTo(StageTrainer.MAX_EVALUATION_WORKERS);
  }

  /** A zip of {@code entries} (name, then content) at {@code file}. */
  private static Path zip(Path file, String... entries) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < entries.length; i += 2) {
        out.putNextEntry(new ZipEntry(entries[i]));
        out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }

  private static String layers(String... types) {
    StringBuilder confs = new StringBuilder("{\"confs\":[");
    for (int i = 0; i < types.length; i++) {
      confs.append(i == 0 ? "" : ",").append("{\"layer\":{\"@class\":\"org.deeplearning4j.nn.conf.layers.")
          .append(types[i]).append("\"}}");
    }
    return confs.append("]}").toString();
  }

  @Test
  void anEncoderThatIsNotAnAutoencodersModelIsNamedWithoutDl4j(@TempDir Path dir) throws Exception {
    String expected = "encoderModel: expected the model.zip of a trained autoencoder, as train-autoencoder writes it "
        + "(to target/fashion-ae/autoencoder/model.zip), at ";
    Path text = Files.writeString(dir.resolve("text.zip"), "not a model");
    Path noConfiguration = zip(dir.resolve("empty.zip"), "readme.txt", "x");
    Path notJson = zip(dir.resolve("not-json.zip"), "configuration.json", "{oops", "coefficients.bin", "");
    Path classifier = zip(dir.resolve("classifier.zip"), "configuration.json", layers("ConvolutionLayer",
        "SubsamplingLayer", "DenseLayer", "OutputLayer"), "coefficients.bin", "");
    Path autoencoder = zip(dir.resolve("autoencoder.zip"), "configuration.json", layers("ConvolutionLayer",
        "DenseLayer", "Deconvolution2D", "LossLayer"), "coefficients.bin", "");

    assertThatThrownBy(() -> StageTrainer.requireEncoder(text)).hasMessage(expected + text + ", found a file that "
        + "is not a zip archive");
    assertThatThrownBy(() -> StageTrainer.requireEncoder(noConfiguration)).hasMessage(expected + noConfiguration
        + ", found a zip archive without DL4J's configuration.json and coefficients.bin");
    assertThatThrownBy(() -> StageTrainer.requireEncoder(notJson)).hasMessage(expected + notJson + ", found a zip "
        + "archive whose configuration.json is not JSON");
    assertThatThrownBy(() -> StageTrainer.requireEncoder(classifier)).hasMessage(expected + classifier + ", found "
        + "another network (4 layers, ending in OutputLayer: a classifier), not an autoencoder that decodes with "
        + "Deconvolution2D layers into a LossLayer");
    StageTrainer.requireEncoder(autoencoder);
  }
}
