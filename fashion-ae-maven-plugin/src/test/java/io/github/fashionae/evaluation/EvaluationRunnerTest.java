package io.github.fashionae.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.LabeledImages;
import io.github.fashionae.fork.EngineTask;
import io.github.fashionae.fork.ForkedJvm;
import io.github.fashionae.stage.ClassifierMode;
import io.github.fashionae.stage.ConfusionMatrix;
import io.github.fashionae.stage.DataOptions;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.TrainingSettings;
import io.github.fashionae.stage.ValidationSet;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.Defaults;
import io.github.fashionae.testing.MojoFixtures;
import io.github.fashionae.testing.RealData;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageTrainer;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.training.TrainingRequest;
import io.github.fashionae.util.Json;
import io.github.fashionae.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real stages, trained for one epoch on a slice, evaluated in a real forked JVM on the real test images. */
class EvaluationRunnerTest {

  private static final String ARCHIVE_TIME = "1980-01-01T00:00:00Z";

  @TempDir
  Path dir;

  private final RecordingLog log = new RecordingLog();

  private StageTrainer trainer() throws Exception {
    Path manifest = dir.resolve("manifest.json");
    MojoFixtures.realManifest(manifest);
    return StageTrainer.of(new TrainingRequest(manifest, new DataOptions(ValidationSet.HOLDOUT, 100, 300), 1,
        "test", ARCHIVE_TIME, dir.resolve("cache"), CachedSteps.Mode.REUSE, Defaults.currentJvm("512m")),
        log);
  }

  private static TrainingSettings settings(double learningRate) {
    return new TrainingSettings(Optimizer.ADAM, learningRate, 0.2, 100, 1, 7);
  }

  private void trainClassifier(StageTrainer training, double learningRate) throws Exception {
    training.classifier(dir.resolve("out/classifier-finetune"), dir.resolve("out/autoencoder/model.zip"),
        ClassifierMode.FINETUNE, settings(learningRate));
  }

  private EvaluationRunner.Request request() throws Exception {
    List<EvaluationRunner.Subject> subjects = new ArrayList<>();
    for (Path stage : TrainedStages.find(dir.resolve("out"))) {
      subjects.add(EvaluationRunner.Subject.of(stage));
    }
    return new EvaluationRunner.Request(subjects, RealData.dataset(), 1, "test",
        dir.resolve("out/evaluation"), false);
  }

  @Test
  void measuresEveryStageOnTheTestImagesAndCachesTheResults() throws Exception {
    StageTrainer training = trainer();
    training.autoencoder(dir.resolve("out/autoencoder"), Defaults.autoencoder(), settings(0.001));
    trainClassifier(training, 0.001);
    EvaluationRunner runner = new EvaluationRunner(new StageCache(dir.resolve("cache"), log),
        new ForkedJvm(Defaults.currentJvm("512m"), log), log);

    List<StageEvaluation> results = runner.run(request());

    LabeledImages test = RealData.testSet();
    StageEvaluation ae = results.get(0);
    assertThat(ae.stage()).isEqualTo("autoencoder");
    assertThat(ae.testExamples()).isEqualTo(10_000);
    assertThat(ae.mse()).isBetween(0.0, 0.5);
    assertThat(ae.samples()).extracting(StageEvaluation.Sample::className).containsExactlyElementsOf(
        FashionMnist.CLASS_NAMES);
    for (StageEvaluation.Sample sample : ae.samples()) {
      assertThat(test.label(sample.index())).isEqualTo(sample.label());
      for (int earlier = 0; earlier < sample.index(); earlier++) {
        assertThat(test.label(earlier)).as("the first image of its class").isNotEqualTo(sample.label());
      }
      byte[] original = Base64.getDecoder().decode(sample.original());
      assertThat(original).isEqualTo(Arrays.copyOfRange(test.images().pixels(), sample.index() * 784,
          (sample.index() + 1) * 784));
      assertThat(Base64.getDecoder().decode(sample.reconstruction())).hasSize(784)
          .isNotEqualTo(Base64.getDecoder().decode(sample.untrained()));
    }

    StageEvaluation classifier = results.get(1);
    ConfusionMatrix matrix = ConfusionMatrix.of(classifier.confusionMatrix());
    assertThat(matrix.total()).isEqualTo(10_000);
    long[] perClass = new long[10];
    for (int i = 0; i < test.count(); i++) {
      perClass[test.label(i)]++;
    }
    for (int c = 0; c < 10; c++) {
      assertThat(matrix.support(c)).isEqualTo(perClass[c]);
      assertThat(classifier.perClass().get(c).name()).isEqualTo(FashionMnist.CLASS_NAMES.get(c));
    }
    assertThat(classifier.accuracy()).isEqualTo(matrix.accuracy()).isGreaterThan(0.1);
    assertThat(classifier.crossEntropy()).isPositive();
    assertThat(classifier.modelSha256()).isEqualTo(Sha256.ofFile(dir.resolve("out/classifier-finetune/model.zip")));

    // unchanged: both from the cache, byte for byte
    Path aeFile = dir.resolve("out/autoencoder/evaluation.json");
    byte[] before = Files.readAllBytes(aeFile);
    Files.delete(aeFile);
    log.lines.clear();
    runner.run(request());
    assertThat(log.lines).anyMatch(l -> l.startsWith("autoencoder ") && l.contains(": evaluation up to date"))
        .anyMatch(l -> l.startsWith("classifier-finetune ") && l.contains(": evaluation up to date"))
        .noneMatch(l -> l.startsWith("Evaluating"));
    assertThat(Files.readAllBytes(aeFile)).isEqualTo(before);

    // a changed classifier: only it is measured again
    trainClassifier(training, 0.003);
    log.lines.clear();
    List<StageEvaluation> again = runner.run(request());
    assertThat(log.lines).contains("Evaluating classifier-finetune on the test images (t10k-images-idx3-ubyte)")
        .anyMatch(l -> l.startsWith("autoencoder ") && l.contains(": evaluation up to date"));
    assertThat(again.get(1).modelSha256()).isNotEqualTo(classifier.modelSha256());

    // an entry whose evaluation measured another model (here the first classifier's) is named, not used
    Path entry = Files.createDirectories(dir.resolve("other-model-entry"));
    Files.writeString(entry.resolve("evaluation.json"), Json.pretty(classifier));
    EngineTask.Evaluate.Item now = EvaluationRunner.item(EvaluationRunner.Subject.of(
        dir.resolve("out/classifier-finetune")));
    assertThat(EvaluationRunner.problem(entry, now)).contains("evaluation.json measured the model of SHA-256 "
        + classifier.modelSha256() + ", but classifier-finetune's model has " + again.get(1).modelSha256());
    Files.writeString(entry.resolve("evaluation.json"), Json.pretty(again.get(1)));
    assertThat(EvaluationRunner.problem(entry, now)).isEmpty();
  }
}
