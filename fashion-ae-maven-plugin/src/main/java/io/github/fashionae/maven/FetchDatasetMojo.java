package io.github.fashionae.maven;

import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.fetch.FetchException;
import io.github.fashionae.fetch.FetchRequest;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Provides the four files of Fashion-MNIST, verified by the SHA-256 of their decompressed payloads, in the
 * user cache, and writes a manifest of them for the later goals. Sources are tried in order until one
 * verifies: the cache, the local directories, then the mirrors (not in offline mode).
 */
@Mojo(name = "fetch-dataset", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class FetchDatasetMojo extends AbstractFashionAeMojo {

  /**
   * Directories searched for the gzipped files ({@code train-images-idx3-ubyte.gz}, ...) before any mirror;
   * comma-separated on the command line, e.g. {@code -Dfashionae.localDirectories=/data/fashion-mnist}. The
   * default is where Debian's {@code dataset-fashion-mnist} package installs them.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.localDirectories", defaultValue = FashionMnist.DEBIAN_DIRECTORY)
  List<File> localDirectories;

  /**
   * Base URLs the gzipped files are downloaded from, tried in order; each file's name is appended;
   * comma-separated on the command line, e.g. {@code https://mirror.example.org/fashion-mnist/}. The default is
   * the download site named in the dataset's README, then the Keras datasets bucket.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.mirrors",
      defaultValue = FashionMnist.UPSTREAM_MIRROR + "," + FashionMnist.KERAS_MIRROR)
  List<String> mirrors;

  /**
   * Seconds to wait for a connection to a mirror, e.g. {@code 30}. 
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.connectTimeoutSeconds", defaultValue = "30")
  int connectTimeoutSeconds;

  /**
   * Seconds to wait for a mirror's response, and for more data while a download is under way, e.g. {@code 60}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.readTimeoutSeconds", defaultValue = "60")
  int readTimeoutSeconds;

  @Override
  String goal() {
    return "fetch-dataset";
  }

  @Override
  void validate() throws MojoExecutionException {
    request();
  }

  @Override
  void run() throws MojoExecutionException, IOException, FetchException {
    build.study().fetch(request(), manifestFile.toPath(), buildLog());
  }

  private FetchRequest request() throws MojoExecutionException {
    List<Path> directories = localDirectories == null ? List.of()
        : localDirectories.stream().map(File::toPath).toList();
    try {
      return FetchRequest.of(FashionMnist.SPEC, cacheDirectory.toPath(), directories,
          mirrors == null ? List.of() : mirrors, session != null && session.isOffline(), connectTimeoutSeconds,
          readTimeoutSeconds, proxies());
    } catch (InvalidParameterException e) {
      throw invalid(e);
    }
  }
}
