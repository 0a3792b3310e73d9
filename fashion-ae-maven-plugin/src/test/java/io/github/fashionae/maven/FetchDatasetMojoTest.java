package io.github.fashionae.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch-dataset mojo as Maven configures it, on the real files of Debian's dataset-fashion-mnist. */
@MojoTest
class FetchDatasetMojoTest {

  private static final String POM = "src/test/resources/unit/fetch-dataset/pom.xml";
  private static final Path DEBIAN = Path.of(System.getProperty("fashionae.testDatasetDirectory",
      FashionMnist.DEBIAN_DIRECTORY));

  @TempDir
  Path dir;

  @BeforeEach
  void requireTheDebianPackage() {
    assertThat(DEBIAN.resolve("t10k-labels-idx1-ubyte.gz"))
        .as("these tests read the real dataset: apt-get install -y dataset-fashion-mnist").isRegularFile();
  }

  private void configure(FetchDatasetMojo mojo, List<File> localDirectories) {
    mojo.cacheDirectory = dir.resolve("cache").toFile();
    mojo.manifestFile = dir.resolve("target/fashion-ae/dataset/manifest.json").toFile();
    mojo.localDirectories = localDirectories;
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void fetchesTheRealDatasetFromTheDebianDirectoryAndWritesTheManifest(FetchDatasetMojo mojo) throws Exception {
    configure(mojo, List.of(DEBIAN.toFile()));

    mojo.execute();

    DatasetManifest manifest = DatasetManifest.read(mojo.manifestFile.toPath());
    assertThat(manifest.dataset()).isEqualTo("fashion-mnist");
    assertThat(manifest.files()).extracting(DatasetManifest.Entry::name).containsExactly(
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    assertThat(manifest.files()).extracting(DatasetManifest.Entry::count).containsExactly(60_000L, 60_000L,
        10_000L, 10_000L);
    assertThat(manifest.entry("t10k-images-idx3-ubyte").orElseThrow().sha256())
        .isEqualTo(FashionMnist.TEST_IMAGES.sha256());
    for (DatasetManifest.Entry entry : manifest.files()) {
      assertThat(Path.of(entry.path())).isRegularFile()
          .startsWith(dir.resolve("cache/datasets/fashion-mnist"));
    }
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void aSecondRunIsServedFromTheCacheAndLeavesTheManifestUntouched(FetchDatasetMojo mojo) throws Exception {
    configure(mojo, List.of(DEBIAN.toFile()));
    mojo.execute();
    Path manifest = mojo.manifestFile.toPath();
    long written = Files.getLastModifiedTime(manifest).toMillis();
    Files.setLastModifiedTime(manifest, FileTime.fromMillis(written - 60_000));

    configure(mojo, List.of());
    mojo.execute();

    assertThat(Files.getLastModifiedTime(manifest).toMillis()).isEqualTo(written - 60_000);
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipDoesNothing(FetchDatasetMojo mojo) throws Exception {
    configure(mojo, List.of(DEBIAN.toFile()));

    mojo.execute();

    assertThat(dir.resolve("cache")).doesNotExist();
    assertThat(mojo.manifestFile).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void anInvalidMirrorIsAConfigurationErrorNamingTheParameter(FetchDatasetMojo mojo) {
    configure(mojo, List.of());
    mojo.mirrors = List.of("ftp://example.org/data/");

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter mirrors (fashionae.mirrors): expected an absolute http:// or https:// URL, "
            + "found 'ftp://example.org/data/'");
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void aLocalDirectoryThatIsAFileIsNamedBeforeAnyWork(FetchDatasetMojo mojo) throws Exception {
    File file = Files.writeString(dir.resolve("fashion-mnist.txt"), "not a folder").toFile();
    configure(mojo, List.of(file));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter localDirectories (fashionae.localDirectories): expected directories that hold "
            + "the .gz files (absent ones are skipped), found the file " + file);
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void whenNoSourceHasTheFilesTheBuildFailsListingEachSource(FetchDatasetMojo mojo) {
    configure(mojo, List.of(dir.resolve("empty").toFile()));

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("No source provided a verified copy of train-images-idx3-ubyte.gz")
        .hasMessageContaining("local directory " + dir.resolve("empty") + ": no train-images-idx3-ubyte.gz")
        .hasMessageContaining("http://127.0.0.1:9/unused/train-images-idx3-ubyte.gz: ");
    assertThat(mojo.manifestFile).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "fetch-dataset", pom = POM)
  void rejectsANonPositiveTimeout(FetchDatasetMojo mojo) {
    configure(mojo, List.of());
    mojo.readTimeoutSeconds = 0;

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Invalid parameter readTimeoutSeconds (fashionae.readTimeoutSeconds): expected a positive number "
            + "of seconds, found 0");
  }
}
