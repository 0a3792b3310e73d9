package io.github.fashionae.evaluation;

import io.github.fashionae.stage.StageEvaluation;
import java.util.List;
import java.util.Objects;

/**
 * This build's stages beside a release's, measured on the same test images by the same engine: what evaluate
 * writes to {@code release.json} for the report, sorted keys and no timestamps (its bytes are a function of the two
 * builds' models).
 *
 * @param release the release's coordinates, e.g. "io.github.example:example-project:1.2.0"
 * @param stages each stage both have, in the build's order
 */
public record ReleaseComparison(String release, List<Stage> stages) {

  /** The file evaluate writes into the output directory when it compares with a release. */
  public static final String FILE = "release.json";

  public ReleaseComparison {
    Objects.requireNonNull(release, "release");
    stages = List.copyOf(stages);
  }

  /**
   * One stage of both.
   *
   * @param stage its name
   * @param build this build's evaluation
   * @param released the release's evaluation
   * @param agreement classifiers only (else null): how the two models' answers on each test image compare
   */
  public record Stage(String stage, StageEvaluation build, StageEvaluation released, Agreement agreement) {
  }

  /**
   * Two classifiers' answers on the same test images, image by image: right or wrong, and the same class or not.
   * {@code releaseOnly} and {@code buildOnly} are McNemar's discordant counts.
   *
   * @param bothRight images both classify correctly
   * @param releaseOnly images only the release classifies correctly
   * @param buildOnly images only this build classifies correctly
   * @param bothWrong images both classify wrongly
   * @param samePrediction images both give the same class (right or wrong)
   * @param pBuildWorse McNemar's exact one-sided p-value that this build is worse
   * @param pTwoSided McNemar's exact two-sided p-value
   */
  public record Agreement(int bothRight, int releaseOnly, int buildOnly, int bothWrong, int samePrediction,
                          double pBuildWorse, double pTwoSided) {

    /**
     * The agreement of two models' predicted classes with the labels.
     *
     * @throws IllegalArgumentException when the three are not of one length
     */
    public static Agreement of(byte[] labels, byte[] released, byte[] built) {
      if (released.length != labels.length || built.length != labels.length) {
        throw new IllegalArgumentException("expected a prediction per label (" + labels.length + "), found "
            + released.length + " of the release and " + built.length + " of this build");
      }
      int bothRight = 0;
      int releaseOnly = 0;
      int buildOnly = 0;
      int same = 0;
      for (int i = 0; i < labels.length; i++) {
        boolean releaseRight = released[i] == labels[i];
        boolean buildRight = built[i] == labels[i];
        if (releaseRight && buildRight) {
          bothRight++;
        } else if (releaseRight) {
          releaseOnly++;
        } else if (buildRight) {
          buildOnly++;
        }
        if (released[i] == built[i]) {
          same++;
        }
      }
      McNemar test = new McNemar(releaseOnly, buildOnly);
      return new Agreement(bothRight, releaseOnly, buildOnly, labels.length - bothRight - releaseOnly - buildOnly,
          same, test.secondWorse(), test.twoSided());
    }

    /** McNemar's test with the release first and this build second. */
    public McNemar test() {
      return new McNemar(releaseOnly, buildOnly);
    }
  }
}
