package io.github.fashionae.fetch;

import io.github.fashionae.dataset.DatasetSpec;
import io.github.fashionae.stage.InvalidParameterException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a fetch needs, checked and immutable.
 *
 * @param dataset the files to provide and their payload digests
 * @param cacheDirectory the user cache; the dataset lives in {@code datasets/<id>/} under it
 * @param localDirectories directories searched for {@code <name>.gz}, in order
 * @param mirrors base URLs, each ending in '/', tried in order
 * @param offline when true, no mirror is contacted
 * @param connectTimeout the longest wait for a connection
 * @param readTimeout the longest wait for a response, and for more data while a body downloads
 * @param proxies the proxies to reach mirrors through
 */
public record FetchRequest(DatasetSpec dataset, Path cacheDirectory, List<Path> localDirectories, List<URI> mirrors,
                           boolean offline, Duration connectTimeout, Duration readTimeout, ProxySettings proxies) {

  public FetchRequest {
    Objects.requireNonNull(dataset, "dataset");
    cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
    localDirectories = localDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    mirrors = List.copyOf(mirrors);
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    Objects.requireNonNull(proxies, "proxies");
  }

  /**
   * The request of fetch-dataset's parameters, checked: positive timeouts, http(s) mirrors, local directories that
   * are directories where they exist (absent ones are skipped).
   *
   * @throws InvalidParameterException naming the parameter ({@code connectTimeoutSeconds},
   *     {@code readTimeoutSeconds}, {@code mirrors} or {@code localDirectories}), what it expected and found
   */
  public static FetchRequest of(DatasetSpec dataset, Path cacheDirectory, List<Path> localDirectories,
                                List<String> mirrors, boolean offline, int connectTimeoutSeconds,
                                int readTimeoutSeconds, ProxySettings proxies) {
    if (connectTimeoutSeconds <= 0) {
      throw new InvalidParameterException("connectTimeoutSeconds", "a positive number of seconds",
          connectTimeoutSeconds);
    }
    if (readTimeoutSeconds <= 0) {
      throw new InvalidParameterException("readTimeoutSeconds", "a positive number of seconds", readTimeoutSeconds);
    }
    List<URI> urls = new ArrayList<>();
    for (String mirror : mirrors) {
      if (mirror != null && !mirror.isBlank()) {
        urls.add(parseMirror(mirror));
      }
    }
    for (Path directory : localDirectories) {
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new InvalidParameterException("localDirectories", "directories that hold the .gz files (absent ones "
            + "are skipped)", "the file " + directory);
      }
    }
    return new FetchRequest(dataset, cacheDirectory, localDirectories, urls, offline,
        Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(readTimeoutSeconds), proxies);
  }

  /** The directory of the dataset's files in the cache. */
  public Path datasetCacheDirectory() {
    return cacheDirectory.resolve("datasets").resolve(dataset.id());
  }

  /**
   * Parses a mirror's base URL. A missing trailing '/' is added, so that file names resolve under it.
   *
   * @throws InvalidParameterException naming {@code mirrors} and the value when it is not an absolute http(s) URL
   */
  static URI parseMirror(String value) {
    String text = value == null ? "" : value.trim();
    URI uri;
    try {
      uri = new URI(text.endsWith("/") ? text : text + "/");
    } catch (URISyntaxException e) {
      throw new InvalidParameterException("mirrors", "an http(s) URL", "'" + value + "' (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new InvalidParameterException("mirrors", "an absolute http:// or https:// URL", "'" + value + "'");
    }
    return uri;
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, found " + duration);
    }
  }
}
