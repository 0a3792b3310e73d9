package io.github.fashionae.maven;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.VerifiedFile;
import io.github.fashionae.fetch.DatasetFetcher;
import io.github.fashionae.fetch.FetchException;
import io.github.fashionae.fetch.FetchRequest;
import io.github.fashionae.stage.InvalidParameterException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
   * Seconds to wait for a connection to a mirror, e.g. {@code 30}. The property {@code fashionae.connectTimeout}
   * of earlier snapshots still works, with a deprecation warning.
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.connectTimeoutSeconds", defaultValue = "30")
  int connectTimeoutSeconds;

  /**
   * Seconds to wait for a mirror's response, and for more data while a download is under way, e.g. {@code 60}
   * ({@code fashionae.readTimeout} is deprecated).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.readTimeoutSeconds", defaultValue = "60")
  int readTimeoutSeconds;

  /**
   * The manifest the later goals read: the verified files, their payload digests and counts
   * ({@code fashionae.datasetManifest} is deprecated).
   *
   * @since 0.1.0
   */
  @Parameter(property = "fashionae.manifestFile",
      defaultValue = "${project.build.directory}/fashion-ae/dataset/manifest.json")
  File manifestFile;

  @Override
  String goal() {
    return "fetch-dataset";
  }

  @Override
  void validate() throws MojoExecutionException {
    request();
  }

  @Override
  void run() throws MojoExecutionException {
    FetchRequest request = request();
    List<VerifiedFile> files;
    try {
      files = new DatasetFetcher(request, buildLog()).fetchAll();
    } catch (FetchException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot fetch Fashion-MNIST into " + request.datasetCacheDirectory()
          + ": " + e.getMessage(), e);
    }
    DatasetManifest manifest = DatasetManifest.of(request.dataset(), files);
    try {
      boolean changed = manifest.write(manifestFile.toPath());
      getLog().info("Fashion-MNIST ready: " + files.size() + " files verified; manifest "
          + manifestFile + (changed ? "" : " (unchanged)"));
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the dataset manifest " + manifestFile + ": " + e.getMessage(), e);
    }
  }

  FetchRequest request() throws MojoExecutionException {
    if (connectTimeoutSeconds <= 0) {
      throw new MojoExecutionException("connectTimeoutSeconds (fashionae.connectTimeoutSeconds): expected a positive "
          + "number of seconds, found " + connectTimeoutSeconds);
    }
    if (readTimeoutSeconds <= 0) {
      throw new MojoExecutionException("readTimeoutSeconds (fashionae.readTimeoutSeconds): expected a positive "
          + "number of seconds, found " + readTimeoutSeconds);
    }
    List<URI> mirrorUrls = new ArrayList<>();
    for (String mirror : mirrors == null ? List.<String>of() : mirrors) {
      if (mirror == null || mirror.isBlank()) {
        continue;
      }
      try {
        mirrorUrls.add(FetchRequest.parseMirror(mirror));
      } catch (IllegalArgumentException e) {
        throw new MojoExecutionException("mirrors (fashionae.mirrors): " + e.getMessage(), e);
      }
    }
    List<Path> directories = new ArrayList<>();
    for (File directory : localDirectories == null ? List.<File>of() : localDirectories) {
      if (directory.exists() && !directory.isDirectory()) {
        throw invalid(new InvalidParameterException("localDirectories", "directories that hold the .gz files "
            + "(absent ones are skipped)", "the file " + directory));
      }
      directories.add(directory.toPath());
    }
    return new FetchRequest(FashionMnist.SPEC, cacheDirectory.toPath(), directories, mirrorUrls,
        session != null && session.isOffline(), Duration.ofSeconds(connectTimeoutSeconds),
        Duration.ofSeconds(readTimeoutSeconds), proxies());
  }
}
