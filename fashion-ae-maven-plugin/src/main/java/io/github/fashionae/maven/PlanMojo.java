package io.github.fashionae.maven;

import io.github.fashionae.build.StudyBuild;
import io.github.fashionae.fork.ForkException;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code plan.json} into the output directory: every stage of the build (the baseline's, then each
 * experiment's) with its fingerprint, the shard that trains it and where it is ({@code LOCAL}, {@code REMOTE} or
 * {@code MISSING}), and a {@code matrix} of the shards that still have work, which a CI job matrix takes as it is
 * (GitHub Actions: {@code fromJSON}). Trains nothing. Run it with the experiments' execution, after fetch-dataset:
 * {@code mvn generate-resources fashion-ae:plan@experiments -Dfashionae.shards=4 -Dfashionae.remoteCache=URL}.
 */
@Mojo(name = "plan", threadSafe = true)
public class PlanMojo extends AbstractStudyMojo {

  /** The file the plan goes to, in the output directory. */
  static final String PLAN_FILE = "plan.json";

  /**
   * How many shards (machines) the build is spread over, e.g. {@code -Dfashionae.shards=4}; each then runs with
   * {@code -Dfashionae.shard=I/4}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.shards", defaultValue = "1")
  int shards;

  @Override
  String goal() {
    return "plan";
  }

  @Override
  void validate() throws MojoExecutionException {
    experimentsRequest(1);
    modes();
    shardCount();
  }

  @Override
  void run() throws MojoExecutionException, IOException, ForkException {
    build.study().plan(new StudyBuild.PlanRequest(experimentsRequest(1), modes(), shardCount(),
        outputDirectory.toPath().resolve(PLAN_FILE)), buildLog());
  }

  private int shardCount() throws MojoExecutionException {
    if (shards < 1) {
      throw invalid(new InvalidParameterException("shards", "at least 1", shards));
    }
    return shards;
  }
}
