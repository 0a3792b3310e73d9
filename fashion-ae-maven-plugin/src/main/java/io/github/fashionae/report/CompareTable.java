package io.github.fashionae.report;

import io.github.fashionae.stage.EpochRecord;
import io.github.fashionae.util.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compare view of a build's autoencoders, the baseline's and each experiment's (like {@code dvc exp show}):
 * the inputs that differ between them and where each ended. Shown by the report and by the compare goal.
 */
public final class CompareTable {

  /** The heading of the one column that is a measurement of the machine, not of the inputs. */
  public static final String TRAINING_TIME = "Training time";

  /** The columns' headings. */
  public static final List<String> HEADINGS = List.of("Experiment", "Differs in", "Train loss", "Validation loss",
      "Test MSE", "Within 5%", TRAINING_TIME, "model.zip SHA-256");

  /**
   * One autoencoder.
   *
   * @param experiment the experiment's name, "baseline" for the baseline
   * @param differs its values of the inputs that differ between the rows
   * @param cells every column's text, in the order of {@link #HEADINGS}
   * @param modelSha256 the whole checksum
   */
  public record Row(String experiment, String differs, List<String> cells, String modelSha256) {
  }

  private CompareTable() {
  }

  /** The rows of the autoencoder stages in {@code data}, in its order. */
  public static List<Row> rows(ReportData data) {
    List<ReportData.Stage> autoencoders = data.stages().stream().filter(ReportData.Stage::autoencoder).toList();
    List<String> differing = Comparisons.differingKeys(autoencoders.stream().map(s -> s.history().spec()).toList());
    List<Row> rows = new ArrayList<>();
    for (ReportData.Stage stage : autoencoders) {
      EpochRecord last = stage.history().last();
      String name = experimentName(stage);
      String differs = Comparisons.describe(stage.history().spec(), differing);
      String sha = String.valueOf(stage.modelSha256());
      rows.add(new Row(name, differs, List.of(name, differs, fixed(last.trainLoss()), fixed(last.validationLoss()),
          stage.evaluation() == null || stage.evaluation().mse() == null ? "–" : fixed(stage.evaluation().mse()),
          Integer.toString(Comparisons.epochsToWithin(stage.history().epochs(), 0.05)),
          Durations.format(stage.history().trainingSeconds()),
          sha.length() > 12 ? sha.substring(0, 12) : sha), sha));
    }
    return rows;
  }

  /** The rows as plain-text lines with aligned columns, headings first. */
  public static List<String> text(List<Row> rows) {
    int[] widths = new int[HEADINGS.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = HEADINGS.get(c).length();
      for (Row row : rows) {
        widths[c] = Math.max(widths[c], row.cells().get(c).length());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(HEADINGS, widths));
    for (Row row : rows) {
      lines.add(line(row.cells(), widths));
    }
    return lines;
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cells.get(c)));
      if (c < cells.size() - 1) {
        line.append("  ");
      }
    }
    return line.toString().stripTrailing();
  }

  static String experimentName(ReportData.Stage stage) {
    return stage.experiment() == null ? "baseline" : stage.experiment();
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.5f", value);
  }
}
