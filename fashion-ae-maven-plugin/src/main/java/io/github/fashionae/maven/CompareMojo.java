package io.github.fashionae.maven;

import io.github.fashionae.report.CompareTable;
import io.github.fashionae.report.ReportData;
import io.github.fashionae.report.ReportLoader;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints the compare view of the last build's autoencoders, the baseline's and every experiment's, without
 * training anything (like {@code dvc exp show}): the inputs that differ between them, final train, validation
 * and test loss, the epoch that first came within 5% of the final validation loss, training time, checksum.
 * Run it on its own: {@code mvn fashion-ae:compare}.
 */
@Mojo(name = "compare", threadSafe = true)
public class CompareMojo extends AbstractEngineMojo {

  @Override
  String goal() {
    return "compare";
  }

  @Override
  void run() throws MojoExecutionException {
    ReportData data;
    try {
      data = ReportLoader.load(outputDirectory.toPath(), null, "compare", null, "compare", List.of());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read the trained stages in " + outputDirectory + ": "
          + e.getMessage(), e);
    }
    List<CompareTable.Row> rows = CompareTable.rows(data);
    if (rows.isEmpty()) {
      throw new MojoExecutionException("Nothing to compare: expected trained autoencoders under " + outputDirectory
          + ", found none; run the build (train-autoencoder, experiments) first");
    }
    for (String line : CompareTable.text(rows)) {
      getLog().info(line);
    }
  }
}
