package io.github.fashionae.remote;

import io.github.fashionae.fetch.DownloadException;
import io.github.fashionae.fetch.HttpDownloader;
import io.github.fashionae.store.RemoteCache;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A remote cache over plain HTTP: an entry is the files under {@code <url>/v1/stages/<fingerprint>/}, named by its
 * {@code SHA256SUMS}. A read is a GET of {@code SHA256SUMS} (404: a miss), then of every file it names; a push is a
 * GET of {@code SHA256SUMS} (a complete entry is never overwritten), then a PUT of every file and of
 * {@code SHA256SUMS} last, so that no reader trusts a half-pushed entry. No listings, no server-side logic: nginx's
 * WebDAV module, Apache's mod_dav or a repository manager's raw repository serve as they are.
 *
 * <p>Every fault is one warning naming the URL and what happened, and the step goes on as if the remote had missed;
 * after the first connection-level failure (refused, timed out, stalled) the remote is skipped for the rest of the
 * build.
 */
public final class HttpRemoteCache implements RemoteCache {

  /** The protocol's version, the first segment under the base URL. */
  public static final String VERSION = "v1";

  /** What an entry's file may be named: no folders, nothing hidden. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final RemoteCacheConfig config;
  private final HttpDownloader http;
  private final BuildLog log;
  private final String base;

  /** The remote cache {@code config} describes, or {@link RemoteCache#NONE} when the build has none. */
  public static RemoteCache of(Optional<RemoteCacheConfig> config, BuildLog log) {
    return config.<RemoteCache>map(c -> new HttpRemoteCache(c, log)).orElse(RemoteCache.NONE);
  }

  public HttpRemoteCache(RemoteCacheConfig config, BuildLog log) {
    this.config = config;
    this.log = log;
    // a remote entry's files are small: their download lines belong in the debug log
    this.http = new HttpDownloader(config.connectTimeout(), config.readTimeout(), config.proxies(),
        log.infoAsDebug());
    String url = config.url().toString();
    this.base = url.endsWith("/") ? url : url + "/";
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public String location(String fingerprint) {
    return base + VERSION + "/stages/" + fingerprint + "/";
  }

  @Override
  public boolean pushes() {
    return config.push();
  }

  @Override
  public boolean required() {
    return config.required();
  }

  private URI uri(String fingerprint, String file) {
    return URI.create(location(fingerprint) + file);
  }

  @Override
  public Fetch fetch(String fingerprint, Path into) throws IOException {
    if (skipped()) {
      return Fetch.UNAVAILABLE;
    }
    Path sums = into.resolve(StageCache.CHECKSUMS);
    try {
      if (!get(fingerprint, StageCache.CHECKSUMS, sums)) {
        log.debug("Not in the remote cache: " + location(fingerprint));
        return Fetch.MISS;
      }
      Map<String, String> files = parseChecksums(Files.readString(sums, StandardCharsets.UTF_8));
      for (String file : files.keySet()) {
        if (!get(fingerprint, file, into.resolve(file))) {
          warn(uri(fingerprint, file), "HTTP 404, although " + StageCache.CHECKSUMS + " names it", "");
          return Fetch.UNAVAILABLE;
        }
      }
      return Fetch.HIT;
    } catch (Failure e) {
      warn(e.uri == null ? uri(fingerprint, StageCache.CHECKSUMS) : e.uri, e.getMessage(),
          "; the step is done here instead");
      return Fetch.UNAVAILABLE;
    }
  }

  @Override
  public void push(String fingerprint, Path entry, List<String> products) throws IOException {
    if (skipped()) {
      return;
    }
    Path local = entry.resolve(StageCache.CHECKSUMS);
    Map<String, String> ours = parseChecksums(Files.readString(local, StandardCharsets.UTF_8));
    Path theirs = Files.createTempFile(entry.getParent(), ".remote-" + fingerprint, ".sums");
    try {
      if (get(fingerprint, StageCache.CHECKSUMS, theirs)) {
        compare(fingerprint, ours, parseChecksums(Files.readString(theirs, StandardCharsets.UTF_8)), products);
        return;
      }
      List<String> order = new ArrayList<>(ours.keySet());
      order.add(StageCache.CHECKSUMS);
      for (String file : order) {
        URI uri = uri(fingerprint, file);
        int status = put(uri, entry.resolve(file));
        if (status < 200 || status > 299) {
          warn(uri, "the push was refused with HTTP " + status, "; the remote entry stays incomplete, which "
              + "readers treat as absent");
          return;
        }
      }
      log.info("Pushed " + ours.size() + (ours.size() == 1 ? " file" : " files") + " to the remote cache "
          + location(fingerprint));
    } catch (Failure e) {
      warn(e.uri == null ? uri(fingerprint, StageCache.CHECKSUMS) : e.uri, "the push failed: " + e.getMessage(), "; the remote entry stays incomplete, which readers treat "
          + "as absent");
    } finally {
      Files.deleteIfExists(theirs);
    }
  }

  @Override
  public Optional<Map<String, String>> checksums(String fingerprint) throws IOException {
    if (skipped()) {
      return Optional.empty();
    }
    Path sums = Files.createTempFile("fashion-ae-remote-", ".sums");
    try {
      return get(fingerprint, StageCache.CHECKSUMS, sums)
          ? Optional.of(parseChecksums(Files.readString(sums, StandardCharsets.UTF_8))) : Optional.empty();
    } catch (Failure e) {
      warn(e.uri == null ? uri(fingerprint, StageCache.CHECKSUMS) : e.uri, e.getMessage(), "");
      return Optional.empty();
    } finally {
      Files.deleteIfExists(sums);
    }
  }

  /** A complete remote entry: equal, or a reproducibility finding (it is kept: the first writer wins). */
  private void compare(String fingerprint, Map<String, String> ours, Map<String, String> theirs,
                       List<String> products) {
    if (ours.equals(theirs)) {
      log.debug("Already in the remote cache: " + location(fingerprint));
      return;
    }
    List<String> differences = new ArrayList<>();
    for (String product : products) {
      if (!String.valueOf(ours.get(product)).equals(String.valueOf(theirs.get(product)))) {
        differences.add(String.format(Locale.ROOT, "%s has SHA-256 %s there and %s here", product,
            theirs.get(product), ours.get(product)));
      }
    }
    if (differences.isEmpty()) {
      differences.add("the models are equal, the other files differ");
    }
    log.warn("Reproducibility finding: the remote cache " + location(fingerprint) + " holds other bytes for the "
        + "same inputs (" + String.join("; ", differences) + "); the remote entry is kept (the first writer wins)");
  }

  /** Downloads one file: true when it is there, false for a 404; {@link Failure} for anything else. */
  private boolean get(String fingerprint, String file, Path target) throws Failure {
    URI uri = uri(fingerprint, file);
    try {
      http.download(uri, target, uri.toString(), config.headers());
      return true;
    } catch (DownloadException e) {
      if (e.kind() == DownloadException.Kind.HTTP_STATUS && (e.status() == 404 || e.status() == 410)) {
        return false;
      }
      throw failure(uri, e);
    } catch (IOException e) {
      throw new Failure(uri, e.getMessage());
    }
  }

  private int put(URI uri, Path file) throws Failure {
    try {
      return http.upload(uri, file, config.headers());
    } catch (DownloadException e) {
      throw failure(uri, e);
    } catch (IOException e) {
      throw new Failure(uri, e.getMessage());
    }
  }

  /** The failure of {@code e}; a connection-level one also marks the remote as not to be tried again. */
  private Failure failure(URI uri, DownloadException e) {
    String message = e.getMessage();
    if (e.kind() == DownloadException.Kind.HTTP_STATUS && (e.status() == 401 || e.status() == 403)) {
      message += " (check the credentials of fashionae.remoteCache.serverId in settings.xml)";
    }
    if (e.kind() == DownloadException.Kind.CONNECTION && config.health().fail(uri + ": " + e.getMessage())) {
      message += "; the remote cache is not tried again in this build";
    }
    return new Failure(uri, message);
  }

  /** True, with a debug line, once the remote has failed at the connection level in this build. */
  private boolean skipped() {
    String failure = config.health().failure();
    if (failure != null) {
      log.debug("Remote cache skipped after an earlier failure in this build: " + failure);
      return true;
    }
    return false;
  }

  private void warn(URI uri, String what, String consequence) {
    log.warn("Remote cache " + uri + ": " + what + consequence);
  }

  /**
   * The files a {@code SHA256SUMS} names, by name, in order.
   *
   * @throws Failure for a file that is not one: a line not of the {@code sha256sum} form, or a name with a folder
   */
  static Map<String, String> parseChecksums(String text) throws Failure {
    Map<String, String> files = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" {2}", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || !FILE_NAME.matcher(parts[1]).matches()
          || parts[1].equals(StageCache.CHECKSUMS)) {
        throw new Failure(null, StageCache.CHECKSUMS + ": expected 'SHA-256  name' lines, found '" + line + "'");
      }
      files.put(parts[1], parts[0]);
    }
    if (files.isEmpty()) {
      throw new Failure(null, StageCache.CHECKSUMS + " is empty");
    }
    return files;
  }

  /** A remote fault, to be warned about once. */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient URI uri;

    Failure(URI uri, String message) {
      super(message);
      this.uri = uri;
    }
  }
}
