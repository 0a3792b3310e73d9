package io.github.fashionae.report;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.evaluation.EvaluationRunner;
import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.evaluation.ReleaseComparison;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageFiles;
import io.github.fashionae.stage.TrainingSummary;
import io.github.fashionae.training.TrainedStages;
import io.github.fashionae.util.Json;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the report's data from a build's outputs: stage folders, evaluations, the gate and the manifest. */
public final class ReportLoader {

  private ReportLoader() {
  }

  /**
   * The report's data.
   *
   * @param outputDirectory the folder holding the stage folders and quality-gate.json
   * @param manifest the dataset manifest; none is listed when the file is absent
   * @param comparisons the declared overlay figures of experiments
   */
  public static ReportData load(Path outputDirectory, Path manifest, String title, String date, String generator,
                                List<ReportData.Comparison> comparisons) throws IOException {
    List<ReportData.Stage> stages = new ArrayList<>();
    for (Path stage : TrainedStages.find(outputDirectory)) {
      TrainingSummary history = TrainedStages.history(stage);
      Path card = stage.resolve(StageFiles.MODEL_CARD);
      String fingerprint = Files.isRegularFile(card)
          ? Json.MAPPER.readTree(card.toFile()).path("fingerprint").asText(null) : null;
      Path evaluationFile = stage.resolve(StageFiles.EVALUATION);
      StageEvaluation evaluation = Files.isRegularFile(evaluationFile) ? EvaluationRunner.read(evaluationFile) : null;
      String modelSha256 = Sha256.ofFile(stage.resolve(StageFiles.MODEL));
      if (evaluation != null && !modelSha256.equals(evaluation.modelSha256())) {
        evaluation = null; // measured on an earlier model: stale
      }
      stages.add(new ReportData.Stage(TrainedStages.name(stage), TrainedStages.experiment(stage), history,
          fingerprint, modelSha256, evaluation));
    }
    List<ReportData.DatasetFile> dataset = new ArrayList<>();
    if (manifest != null && Files.isRegularFile(manifest)) {
      for (DatasetManifest.Entry entry : DatasetManifest.read(manifest).files()) {
        dataset.add(new ReportData.DatasetFile(entry.name(), entry.sha256(), entry.payloadBytes(), entry.count()));
      }
    }
    Path gateFile = outputDirectory.resolve(GateResult.FILE);
    GateResult gate = Files.isRegularFile(gateFile)
        ? Json.MAPPER.readValue(gateFile.toFile(), GateResult.class) : null;
    return new ReportData(title, date, generator, dataset, stages, gate, comparisons, release(outputDirectory, stages));
  }

  /**
   * The comparison with a release that evaluate wrote, keeping the stages whose model is the one in the build's
   * folder now (a stage retrained since was not compared); null when there is none.
   */
  static ReleaseComparison release(Path outputDirectory, List<ReportData.Stage> stages) throws IOException {
    Path file = outputDirectory.resolve(ReleaseComparison.FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    ReleaseComparison comparison = Json.MAPPER.readValue(file.toFile(), ReleaseComparison.class);
    List<ReleaseComparison.Stage> current = comparison.stages().stream().filter(compared -> stages.stream()
        .anyMatch(s -> s.experiment() == null && s.name().equals(compared.stage())
            && s.modelSha256().equals(compared.build().modelSha256()))).toList();
    return current.isEmpty() ? null : new ReleaseComparison(comparison.release(), current);
  }
}
