package io.github.fashionae.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fashionae.evaluation.ReleaseComparison;
import io.github.fashionae.stage.Optimizer;
import io.github.fashionae.stage.StageEvaluation;
import io.github.fashionae.stage.StageKind;
import io.github.fashionae.stage.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReportRendererTest {

  private final String html = ReportRenderer.render(ReportFixtures.study());

  @Test
  void aReleaseIsShownBesideTheBuildWithChangesAgreementAndConfusionDifferences() {
    ReportData study = ReportFixtures.study();
    StageEvaluation built = ReportFixtures.classifierEvaluation("classifier-finetune", 900);
    StageEvaluation released = ReportFixtures.classifierEvaluation("classifier-finetune", 880);
    ReleaseComparison release = new ReleaseComparison("io.github.example:example:1.2.0", List.of(
        new ReleaseComparison.Stage("autoencoder", ReportFixtures.autoencoderEvaluation(),
            ReportFixtures.autoencoderEvaluation(), null),
        new ReleaseComparison.Stage("classifier-finetune", built, released,
            new ReleaseComparison.Agreement(8700, 100, 300, 900, 9100, 1.0e-20, 2.0e-20))));
    String page = ReportRenderer.render(new ReportData(study.title(), study.date(), study.generator(),
        study.dataset(), study.stages(), study.gate(), List.of(), release));

    assertThat(page).contains("<section id=\"release\">\n<h2>Against the release io.github.example:example:1.2.0</h2>")
        .contains("<li><a href=\"#release\">Against the release io.github.example:example:1.2.0</a></li>")
        // accuracy 0.9000 against 0.8800: better by 0.0200; the same autoencoder: no change
        .contains("<td>classifier-finetune</td><td>test accuracy</td><td class=\"num\">0.9000</td>"
            + "<td class=\"num\">0.8800</td><td class=\"num pass\">+0.0200</td>")
        .contains("<td>autoencoder</td><td>test MSE</td><td class=\"num\">0.02650</td><td class=\"num\">0.02650</td>"
            + "<td class=\"num\">0.00000</td>")
        .contains("<tr><th>This build right</th><td class=\"num\">8700</td><td class=\"num\">300</td></tr>")
        .contains("differ on 900. McNemar's exact test on the 400 images exactly one of them gets right: p = 2.000e-20")
        // recall per class 0.9000 against 0.8800; the diagonal gains 20 images a class, the next column loses them
        .contains("<td class=\"num\">0.9000</td><td class=\"num\">0.8800</td><td class=\"num pass\">+0.0200</td>")
        .contains("<tr><th>0 T-shirt/top</th><td class=\"num pass\">+20</td><td class=\"num pass\">-20</td>"
            + "<td class=\"num\">0</td>");
    assertThat(ReportRenderer.render(study)).doesNotContain("id=\"release\"");
    assertThat(ReportRenderer.signed(-0.00001, 4)).isEqualTo("0.0000");
    assertThat(ReportRenderer.signed(-0.25, 2)).isEqualTo("-0.25");
  }

  @Test
  void theSameDataGivesTheSameBytes() {
    assertThat(ReportRenderer.render(ReportFixtures.study())).isEqualTo(html);
  }

  @Test
  void itShowsNoDateButTheBuildsOutputTimestamp() {
    assertThat(html).contains("build of 2026-11-27");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    if (!today.equals("2026-11-27")) {
      assertThat(html).doesNotContain(today);
    }
  }

  @Test
  void everySectionIsThereAndInTheContents() {
    for (String id : new String[] {"summary", "quality-gate", "stage-autoencoder", "stage-classifier-finetune",
        "stage-classifier-frozen", "reproducibility"}) {
      assertThat(html).contains("<section id=\"" + id + "\">").contains("<li><a href=\"#" + id + "\">");
    }
    for (String figure : new String[] {"Fig. 1. ", "Fig. 2a. ", "Fig. 2b. ", "Fig. 7. ", "Fig. 8. ", "Fig. 9. ",
        "Fig. 10. "}) {
      assertThat(html).contains("<figcaption>" + figure);
    }
  }

  @Test
  void captionsStateTheHyperparameters() {
    assertThat(html).contains("Latent size 64, Adam, learning rate 0.001, dropout 0.2, batch 100, 30 epochs, seed 42; "
        + "50,000 training images; validation: 10,000 training images held out for validation (seed 42).");
    assertThat(html).contains("The trained encoder, frozen, with a linear softmax head (only the head trains).");
  }

  @Test
  void itIsSelfContained() {
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http")
        .doesNotContain("url(").doesNotContain("@import");
    assertThat(count(html, "<svg ")).isEqualTo(1 + 2 + 1 + 2 + 1 + 2);
    assertThat(count(html, "src=\"data:image/png;base64,")).isEqualTo(40);
    assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
  }

  @Test
  void itEscapesText() {
    assertThat(html).contains("<title>Fashion-MNIST study &lt;test&gt;</title>").doesNotContain("study <test>");
  }

  @Test
  void itShowsTheGateAndTheChecksums() {
    assertThat(html).contains("Quality gate: 1 of 2 bounds violated")
        .contains("<span class=\"fail\">FAIL</span> classifier frozen: test accuracy is 0.8010, but expected minimum "
            + "is 0.8500")
        .contains("<span class=\"pass\">pass</span> classifier finetune: test accuracy is 0.9150")
        .contains("f".repeat(64)).contains("m".repeat(64))
        .contains("DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, oneDNN helpers on, 1 thread");
  }

  @Test
  void imagesAreTheSamplesPixels() throws Exception {
    Matcher first = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
    assertThat(first.find()).isTrue();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(first.group(1))));
    assertThat(image.getWidth()).isEqualTo(28);
    byte[] expected = Base64.getDecoder().decode(ReportFixtures.pixels(0));
    for (int i : new int[] {0, 1, 100, 783}) {
      assertThat(image.getRaster().getSample(i % 28, i / 28, 0)).isEqualTo(expected[i] & 0xff);
    }
  }

  @Test
  void experimentsGetACompareTableAndTheDeclaredOverlays() {
    ReportData study = ReportFixtures.study();
    List<ReportData.Stage> stages = new ArrayList<>(study.stages());
    for (String[] e : new String[][] {{"adam-0.01", "0.01"}, {"adam-0.005", "0.005"}}) {
      TrainingSummary base = ReportFixtures.history("autoencoder", StageKind.AUTOENCODER, null, 0.03);
      TrainingSummary history = new TrainingSummary(base.stage(), ComparisonsTest.autoencoder(Optimizer.ADAM,
          Double.parseDouble(e[1])), base.dataDescription(), base.trainExamples(), base.validationExamples(),
          base.engine(), base.epochs(), base.parametersSha256());
      stages.add(new ReportData.Stage(e[0] + "/autoencoder", e[0], history, "f".repeat(64), "e".repeat(64), null));
    }
    String page = ReportRenderer.render(new ReportData(study.title(), study.date(), study.generator(), study.dataset(),
        stages, study.gate(), List.of(new ReportData.Comparison("Fig. 3: learning rate, Adam",
            List.of("adam-0.01", "adam-0.005", "baseline"))), null));

    assertThat(page).contains("<section id=\"experiments\">").contains("<li><a href=\"#experiments\">")
        .contains("<td>adam-0.01</td><td>learningRate=0.01</td>").contains("<td>baseline</td><td>learningRate=0.001</td>")
        .contains("<h3>Fig. 3: learning rate, Adam</h3>")
        .contains(">adam-0.005 validation</text>").contains(">baseline train</text>")
        .contains("Varying: learning rate. Fixed: optimizer adam, dropout 0.2, batch 100, epochs 30, seed 42")
        .contains("<section id=\"classifiers-compared\">");
    assertThat(count(page, "<section id=\"stage-")).as("experiments get no sections of their own").isEqualTo(3);
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }
}
