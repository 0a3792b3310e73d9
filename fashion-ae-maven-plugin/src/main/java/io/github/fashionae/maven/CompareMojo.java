package io.github.fashionae.maven;

import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints the compare view of the last build's autoencoders, the baseline's and every experiment's, without
 * training anything (like {@code dvc exp show}): the inputs that differ between them, final train, validation
 * and test loss, the epoch that first came within 5% of the final validation loss, training time, checksum.
 * Run it on its own: {@code mvn fashion-ae:compare}.
 */
@Mojo(name = "compare", threadSafe = true)
public class CompareMojo extends AbstractFashionAeMojo {

  @Override
  boolean runsInShardBuilds() {
    return false;
  }

  @Override
  String goal() {
    return "compare";
  }

  @Override
  void validate() {
    // nothing to check: the goal only reads the last build's outputs
  }

  @Override
  void run() throws IOException {
    build.study().compare(outputDirectory.toPath()).forEach(getLog()::info);
  }
}
