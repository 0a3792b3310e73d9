package io.github.fashionae.fetch;

import io.github.fashionae.dataset.DatasetManifest;
import io.github.fashionae.dataset.FashionMnist;
import io.github.fashionae.dataset.IdxFileSpec;
import io.github.fashionae.dataset.IdxFormatException;
import io.github.fashionae.dataset.IdxReader;
import io.github.fashionae.dataset.VerifiedFile;
import io.github.fashionae.store.CacheLock;
import io.github.fashionae.util.AtomicFiles;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Provides verified copies of a dataset's files in the user cache. For each file, the sources are tried in
 * order until one verifies: the cache itself, the local directories, then (unless offline) the mirrors.
 * A copy is verified before it takes its final name in the cache; a file that fails verification is never
 * used and never cached. Each cache entry is locked while it is checked or filled, so concurrent builds
 * wait for each other and never see a half-written file.
 */
public final class DatasetFetcher {

  private final FetchRequest request;
  private final BuildLog log;
  private HttpDownloader downloader;

  public DatasetFetcher(FetchRequest request, BuildLog log) {
    this.request = request;
    this.log = log;
  }

  /** Provides every file of the dataset, in the dataset's order. */
  /**
   * Provides the request's files, verified, and writes their manifest to {@code manifest} (unchanged bytes are not
   * rewritten); what fetch-dataset does.
   *
   * @return the verified files
   */
  public static List<VerifiedFile> fetch(FetchRequest request, Path manifest, BuildLog log)
      throws FetchException, IOException {
    List<VerifiedFile> files;
    try {
      files = new DatasetFetcher(request, log).fetchAll();
    } catch (IOException e) {
      throw new IOException("Cannot fetch Fashion-MNIST into " + request.datasetCacheDirectory() + ": "
          + e.getMessage(), e);
    }
    try {
      boolean changed = DatasetManifest.of(request.dataset(), files).write(manifest);
      log.info("Fashion-MNIST ready: " + files.size() + " files verified; manifest " + manifest
          + (changed ? "" : " (unchanged)"));
    } catch (IOException e) {
      throw new IOException("Cannot write the dataset manifest " + manifest + ": " + e.getMessage(), e);
    }
    return files;
  }

  public List<VerifiedFile> fetchAll() throws FetchException, IOException {
    List<VerifiedFile> files = new ArrayList<>();
    for (IdxFileSpec file : request.dataset().files()) {
      files.add(fetch(file));
    }
    return files;
  }

  /** Provides one file: from the cache when it holds a verified copy, else from the first source that verifies. */
  public VerifiedFile fetch(IdxFileSpec file) throws FetchException, IOException {
    Path directory = request.datasetCacheDirectory();
    Path cached = directory.resolve(file.gzipName());
    try (CacheLock lock = CacheLock.acquire(directory.resolve(file.gzipName() + ".lock"),
        "fetching " + file.gzipName(), log)) {
      deleteStaleParts(directory, file);
      List<String> failures = new ArrayList<>();
      if (Files.exists(cached)) {
        try {
          VerifiedFile verified = IdxReader.verify(cached, file);
          log.info(file.gzipName() + ": found in the cache (" + cached + "), verified");
          return verified;
        } catch (IdxFormatException e) {
          log.warn(file.gzipName() + ": the cached copy is corrupt and is discarded: " + e.getMessage());
          Files.deleteIfExists(cached);
          failures.add("cache " + cached + ": corrupt, discarded (" + e.getMessage() + ")");
        }
      } else {
        failures.add("cache " + cached + ": not there");
      }
      for (Path localDirectory : request.localDirectories()) {
        Path candidate = localDirectory.resolve(file.gzipName());
        if (!Files.isRegularFile(candidate)) {
          log.debug(file.gzipName() + ": not in " + localDirectory);
          failures.add("local directory " + localDirectory + ": no " + file.gzipName());
          continue;
        }
        VerifiedFile verified = tryInstall(file, cached, "local file " + candidate, failures,
            temp -> Files.copy(candidate, temp, StandardCopyOption.REPLACE_EXISTING));
        if (verified != null) {
          return verified;
        }
      }
      if (request.offline()) {
        throw new FetchException(offlineMessage(file, failures));
      }
      for (URI mirror : request.mirrors()) {
        URI url = mirror.resolve(file.gzipName());
        log.info(file.gzipName() + ": downloading " + url);
        VerifiedFile verified = tryInstall(file, cached, url.toString(), failures,
            temp -> downloader().download(url, temp, file.gzipName()));
        if (verified != null) {
          return verified;
        }
      }
      throw new FetchException(allFailedMessage(file, failures));
    }
  }

  /** Fills a temporary file from one source, verifies it, and moves it into the cache; null when it fails. */
  private VerifiedFile tryInstall(IdxFileSpec file, Path cached, String source, List<String> failures,
                                  SourceCopy copy) throws IOException {
    Path temp = AtomicFiles.tempFileBeside(cached);
    try {
      copy.into(temp);
      VerifiedFile verified = IdxReader.verify(temp, file);
      AtomicFiles.moveAtomically(temp, cached);
      log.info(file.gzipName() + ": verified and cached from " + source);
      return new VerifiedFile(file, cached, verified.header());
    } catch (IdxFormatException e) {
      String detail = e.getMessage();
      if (detail.startsWith(temp + ": ")) {
        detail = detail.substring(temp.toString().length() + 2); // the temporary copy's name says nothing
      }
      String reason = "rejected: " + detail.replace(temp.toString(), "the copy");
      log.warn(file.gzipName() + ": " + source + " " + reason);
      failures.add(source + ": " + reason);
      return null;
    } catch (DownloadException e) {
      log.warn(file.gzipName() + ": " + source + " failed: " + e.getMessage());
      failures.add(source + ": " + e.getMessage());
      return null;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private HttpDownloader downloader() {
    if (downloader == null) {
      downloader = new HttpDownloader(request.connectTimeout(), request.readTimeout(), request.proxies(), log);
    }
    return downloader;
  }

  /** Removes temporary files that a killed build left; safe because this entry's lock is held. */
  private static void deleteStaleParts(Path directory, IdxFileSpec file) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(directory, file.gzipName() + ".*.part")) {
      for (Path part : parts) {
        Files.deleteIfExists(part);
      }
    }
  }

  private String offlineMessage(IdxFileSpec file, List<String> failures) {
    return String.format(Locale.ROOT,
        "Maven is offline (-o), so no mirror was tried, and no verified copy of %s was found:%n%s"
            + "To get it: run once without -o to download and cache it; or install Debian's package "
            + "(apt-get install dataset-fashion-mnist, which puts it in %s); or put the file in a directory "
            + "named by -Dfashionae.localDirectories=DIR.",
        file.gzipName(), bullets(failures), FashionMnist.DEBIAN_DIRECTORY);
  }

  private String allFailedMessage(IdxFileSpec file, List<String> failures) {
    return String.format(Locale.ROOT,
        "No source provided a verified copy of %s (expected a decompressed payload of %,d bytes with SHA-256 %s):"
            + "%n%s"
            + "Install Debian's package (apt-get install dataset-fashion-mnist), put the file in a directory named by "
            + "-Dfashionae.localDirectories=DIR, or configure <mirrors> that serve it.",
        file.gzipName(), file.payloadBytes(), file.sha256(), bullets(failures));
  }

  private static String bullets(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append("  - ").append(line).append(System.lineSeparator());
    }
    return text.toString();
  }

  @FunctionalInterface
  private interface SourceCopy {
    void into(Path temp) throws IOException;
  }
}
