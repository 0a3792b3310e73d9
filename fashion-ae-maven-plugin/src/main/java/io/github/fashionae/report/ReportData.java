package io.github.fashionae.report;

import io.github.fashionae.evaluation.GateResult;
import io.github.fashionae.evaluation.ReleaseComparison;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.TrainingSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything the report shows, read from the build's outputs: no clock, no paths of this machine.
 *
 * @param title the page's title
 * @param date the date shown, from {@code project.build.outputTimestamp} (e.g. "2026-11-27"), or null
 * @param generator what made the report, e.g. "fashion-ae-maven-plugin 0.1.0"
 * @param dataset the dataset's files and payload digests
 * @param stages the trained stages, autoencoders first
 * @param gate the quality gate's verdicts, or null when evaluate did not run
 * @param comparisons the declared comparisons of experiments
 * @param release this build's stages beside a release's, or null when evaluate compared with none
 */
public record ReportData(String title, String date, String generator, List<DatasetFile> dataset, List<Stage> stages,
                         GateResult gate, List<Comparison> comparisons, ReleaseComparison release) {

  public ReportData {
    Objects.requireNonNull(title, "title");
    dataset = List.copyOf(dataset);
    stages = List.copyOf(stages);
    comparisons = List.copyOf(comparisons);
  }

  /** Without declared comparisons and without a release. */
  public ReportData(String title, String date, String generator, List<DatasetFile> dataset, List<Stage> stages,
                    GateResult gate) {
    this(title, date, generator, dataset, stages, gate, List.of(), null);
  }

  /**
   * A figure overlaying the autoencoder curves of some experiments.
   *
   * @param title the figure's title, e.g. "Fig. 3: learning rate with Adam"
   * @param experiments the experiments' names, in the legend's order ("baseline" for the baseline itself)
   */
  public record Comparison(String title, List<String> experiments) {
    public Comparison {
      Objects.requireNonNull(title, "title");
      experiments = List.copyOf(experiments);
    }

    /**
     * The comparison declared as the POM's {@code comparisons/comparison[index]}: a title and comma-separated
     * experiment names.
     *
     * @throws IllegalArgumentException naming the element when the title or the names are missing
     */
    public static Comparison parse(int index, String title, String experiments) {
      List<String> names = experiments == null ? List.of() : Arrays.stream(experiments.split(","))
          .map(String::trim).filter(n -> !n.isEmpty()).toList();
      if (title == null || title.isBlank() || names.isEmpty()) {
        throw new IllegalArgumentException("comparisons/comparison[" + index + "]: expected a <title> and "
            + "<experiments> (comma-separated names), found " + (title == null || title.isBlank() ? "no title"
            : "no experiments"));
      }
      return new Comparison(title.trim(), names);
    }
  }

  /**
   * One dataset file.
   *
   * @param name its upstream name, without .gz
   * @param sha256 the SHA-256 of its decompressed payload
   * @param payloadBytes the payload's size
   * @param count how many images or labels it holds
   */
  public record DatasetFile(String name, String sha256, long payloadBytes, long count) {
  }

  /**
   * One trained stage.
   *
   * @param name the stage's name
   * @param experiment the experiment the stage belongs to, or null for the baseline
   * @param history its training history (job, epochs, engine)
   * @param fingerprint its fingerprint, from the model card
   * @param modelSha256 its model archive's SHA-256
   * @param evaluation its test metrics, or null when not evaluated
   */
  public record Stage(String name, String experiment, TrainingSummary history, String fingerprint,
                      String modelSha256, StageEvaluation evaluation) {

    public boolean autoencoder() {
      return history.spec().kind() == StageKind.AUTOENCODER;
    }

  }
}
