package io.github.fashionae.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.release.ReleaseFinder;
import io.github.fashionae.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgainstReleaseTest {

  @TempDir
  Path dir;

  @Test
  void agreementCountsEachImageOnceAndFeedsMcNemar() {
    byte[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
    byte[] released = {0, 1, 2, 9, 9, 9, 6, 1};
    byte[] built = {0, 1, 9, 3, 4, 8, 9, 2};
    ReleaseComparison.Agreement a = ReleaseComparison.Agreement.of(labels, released, built);
    assertThat(a.bothRight()).isEqualTo(2); // images 0, 1
    assertThat(a.releaseOnly()).isEqualTo(2); // 2, 6
    assertThat(a.buildOnly()).isEqualTo(2); // 3, 4
    assertThat(a.bothWrong()).isEqualTo(2); // 5 (9 and 8), 7 (1 and 2)
    assertThat(a.samePrediction()).isEqualTo(2);
    assertThat(a.pTwoSided()).isEqualTo(new McNemar(2, 2).twoSided()).isEqualTo(1.0);
    assertThat(a.pBuildWorse()).isEqualTo(new McNemar(2, 2).secondWorse());
    assertThatThrownBy(() -> ReleaseComparison.Agreement.of(labels, new byte[7], built))
        .hasMessage("expected a prediction per label (8), found 7 of the release and 8 of this build");
  }

  @Test
  void aFirstReleaseSaysSoAndPassesUnlessABaselineIsRequired() throws Exception {
    ReleaseFinder none = stages -> new ReleaseFinder.Found(Optional.empty(),
        "no release of g:a before 1.0.0 in the local repository and central");
    List<ReleaseRule> rules = List.of(ReleaseRule.of(1, "classifier-finetune", "accuracy", 0.01, null, 0.05));
    Files.writeString(dir.resolve(ReleaseComparison.FILE), "{}"); // an earlier build's comparison

    RecordingLog log = new RecordingLog();
    assertThat(AgainstRelease.check(new Baseline("RELEASE", none, false, rules), List.of(), List.of(), null, null,
        dir, log)).isEmpty();
    assertThat(log.lines).containsExactly("Release baseline RELEASE: no release of g:a before 1.0.0 in the local "
        + "repository and central; nothing to compare with (a first release?), so the release rules are not checked");
    assertThat(dir.resolve(ReleaseComparison.FILE)).doesNotExist();

    assertThatThrownBy(() -> AgainstRelease.check(new Baseline("RELEASE", none, true, rules), List.of(), List.of(),
        null, null, dir, new RecordingLog())).isInstanceOf(GateFailedException.class)
        .hasMessage("Release baseline RELEASE: no release of g:a before 1.0.0 in the local repository and central; "
            + "expected a release to compare with (baselineRequired is true)");
  }
}
