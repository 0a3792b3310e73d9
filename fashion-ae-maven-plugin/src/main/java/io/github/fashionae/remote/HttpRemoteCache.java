package io.github.fashionae.remote;

import io.github.fashionae.fetch.DownloadException;
import io.github.fashionae.store.RemoteCache;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote cache over plain HTTP: an entry is the files under {@code <url>/v1/stages/<fingerprint>/}, named by its
 * {@code SHA256SUMS}. A read is a GET of {@code SHA256SUMS} (404: a miss), then of every file it names, which must be
 * exactly the step's own files; a push is a GET of {@code SHA256SUMS} (a complete entry is not overwritten), then
 * a PUT of every file, a HEAD of each to see that the server kept it, a PUT of {@code SHA256SUMS} last and a GET
 * of it back, so that no reader trusts a half-pushed entry and nothing is said pushed that was not. No listings, no
 * server-side logic: nginx's WebDAV module, Apache's mod_dav or a repository manager's raw repository serve as they
 * are.
 *
 * <p>The server is not trusted: every fault, whatever it sends, is one warning naming the URL and what happened,
 * and the step goes on as if the remote had missed. {@code SHA256SUMS} is read as strict ASCII lines of at most
 * {@value #MAX_CHECKSUMS_BYTES} bytes, every other file is bounded by {@link RemoteCacheConfig#maxFileBytes()},
 * and {@link RemoteHttp} keeps the credentials to the configured origin and bounds every request in time. After the
 * first connection-level failure (refused, timed out, stalled, too slow) or a redirect to another origin, the remote
 * is skipped for the rest of the build.
 *
 * <p>Neither are the other writers, when the build lists trusted keys ({@link RemoteCacheConfig#trust()}): an entry
 * is then taken only when its {@value EntrySignatures#FILE} is a signature of its fingerprint and {@code SHA256SUMS}
 * by one of them, checked before any of its files is downloaded. A signing build ({@link RemoteCacheConfig#signer()})
 * PUTs that file before {@code SHA256SUMS}, reads both back, and replaces an entry that no trusted key signed; one
 * that a trusted key signed is never replaced.
 */
public final class HttpRemoteCache implements RemoteCache {

  /** The protocol's version, the first segment under the base URL. */
  public static final String VERSION = "v1";

  /** The most bytes a {@code SHA256SUMS} may have: a stage's names a handful of files in a few hundred. */
  public static final int MAX_CHECKSUMS_BYTES = 16 * 1024;

  /** A line of {@code SHA256SUMS}: a digest, two spaces, a file name without folders, nothing hidden. */
  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  ([A-Za-z0-9][A-Za-z0-9._-]{0,99})");

  private final RemoteCacheConfig config;
  private final RemoteHttp http;
  private final BuildLog log;
  private final String base;

  /** The remote cache {@code config} describes, or {@link RemoteCache#NONE} when the build has none. */
  public static RemoteCache of(Optional<RemoteCacheConfig> config, BuildLog log) {
    return config.<RemoteCache>map(c -> new HttpRemoteCache(c, log)).orElse(RemoteCache.NONE);
  }

  public HttpRemoteCache(RemoteCacheConfig config, BuildLog log) {
    this.config = config;
    this.log = log;
    this.http = new RemoteHttp(config, log);
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
  public Fetch fetch(String fingerprint, Path into, Set<String> files) throws IOException {
    Optional<String> skipped = skipped();
    if (skipped.isPresent()) {
      return Fetch.unavailable(skipped.get());
    }
    Path sums = into.resolve(StageCache.CHECKSUMS);
    try {
      if (!get(fingerprint, StageCache.CHECKSUMS, sums, MAX_CHECKSUMS_BYTES)) {
        log.debug("Not in the remote cache: " + location(fingerprint));
        return Fetch.MISS;
      }
      byte[] checksums = Files.readAllBytes(sums);
      Map<String, String> named = parseChecksums(checksums);
      requireExactly(named.keySet(), files);
      if (config.trust().authenticates()) {
        Optional<String> untrusted = signatureProblem(fingerprint, checksums, into.resolve(EntrySignatures.FILE));
        if (untrusted.isPresent()) {
          throw new Failure(uri(fingerprint, EntrySignatures.FILE), "the entry is not taken: " + untrusted.get());
        }
      }
      for (String file : named.keySet()) {
        if (!get(fingerprint, file, into.resolve(file), config.maxFileBytes())) {
          throw new Failure(uri(fingerprint, file), "HTTP 404, although " + StageCache.CHECKSUMS + " names it");
        }
      }
      return Fetch.HIT;
    } catch (Failure e) {
      URI where = e.uri == null ? uri(fingerprint, StageCache.CHECKSUMS) : e.uri;
      warn(where, e.getMessage(), config.required() ? "" : "; the step is done here instead");
      return Fetch.unavailable(where + ": " + e.getMessage());
    }
  }

  /**
   * Why the remote entry of {@code fingerprint}, whose {@code SHA256SUMS} is {@code checksums}, is not signed by a
   * trusted key; empty when it is. Its signature file is downloaded to {@code signature} and deleted again.
   */
  private Optional<String> signatureProblem(String fingerprint, byte[] checksums, Path signature)
      throws IOException {
    try {
      byte[] bytes = get(fingerprint, EntrySignatures.FILE, signature, EntrySignatures.MAX_BYTES)
          ? Files.readAllBytes(signature) : null;
      return EntrySignatures.problem(config.trust(), fingerprint, checksums, bytes);
    } finally {
      Files.deleteIfExists(signature);
    }
  }

  @Override
  public boolean audits(String fingerprint) {
    return config.audit().selects(fingerprint, config.health().audited());
  }

  @Override
  public String auditPolicy() {
    return "fashionae.remoteCache.audit=" + config.audit();
  }

  /** Refuses an entry that names other files than the step's: none is adopted, none is missing. */
  private static void requireExactly(Set<String> named, Set<String> files) throws Failure {
    Set<String> extra = new TreeSet<>(named);
    extra.removeAll(files);
    Set<String> missing = new TreeSet<>(files);
    missing.removeAll(named);
    if (!extra.isEmpty()) {
      List<String> shown = extra.stream().limit(5).toList();
      throw new Failure(null, String.format(Locale.ROOT, "%s names %s%s, which %s not this stage's (%s): the entry "
          + "is not taken", StageCache.CHECKSUMS, String.join(", ", shown), extra.size() > shown.size()
          ? String.format(Locale.ROOT, " and %,d more", extra.size() - shown.size()) : "",
          extra.size() == 1 ? "is" : "are", String.join(", ", new TreeSet<>(files))));
    }
    if (!missing.isEmpty()) {
      throw new Failure(null, StageCache.CHECKSUMS + " lacks " + String.join(", ", missing) + ", which this "
          + "stage's entries hold: the entry is not taken");
    }
  }

  @Override
  public void push(String fingerprint, Path entry, List<String> products) throws IOException {
    if (skipped().isPresent()) {
      return;
    }
    byte[] ourSums = Files.readAllBytes(entry.resolve(StageCache.CHECKSUMS));
    Map<String, String> ours = parseChecksums(ourSums);
    Optional<EntrySignatures.Signer> signer = config.signer();
    Path theirs = Files.createTempFile(entry.getParent(), ".remote-" + fingerprint, ".sums");
    Path signature = Files.createTempFile(entry.getParent(), ".remote-" + fingerprint, ".sig");
    try {
      if (get(fingerprint, StageCache.CHECKSUMS, theirs, MAX_CHECKSUMS_BYTES)) {
        byte[] theirSums = Files.readAllBytes(theirs);
        Optional<String> untrusted = signer.isPresent()
            ? signatureProblem(fingerprint, theirSums, signature)
            : Optional.empty();
        if (untrusted.isEmpty()) {
          compare(fingerprint, ours, parseChecksums(theirSums), products);
          return;
        }
        log.warn("Remote cache " + location(fingerprint) + ": the entry there is not taken (" + untrusted.get()
            + "); this build, a trusted writer, replaces it with its own, signed by key " + signer.get().publicKey().id());
      }
      for (String file : ours.keySet()) {
        put(fingerprint, file, entry.resolve(file));
      }
      for (String file : ours.keySet()) {
        confirm(fingerprint, file, Files.size(entry.resolve(file)));
      }
      if (signer.isPresent()) {
        Files.write(signature, EntrySignatures.sign(signer.get(), fingerprint, ourSums));
        put(fingerprint, EntrySignatures.FILE, signature);
        confirm(fingerprint, EntrySignatures.FILE, Files.size(signature));
      }
      put(fingerprint, StageCache.CHECKSUMS, entry.resolve(StageCache.CHECKSUMS));
      if (!get(fingerprint, StageCache.CHECKSUMS, theirs, MAX_CHECKSUMS_BYTES)) {
        throw new Failure(uri(fingerprint, StageCache.CHECKSUMS), "the server answered the PUT with success, but a "
            + "GET of it answers HTTP 404: it stored nothing");
      }
      byte[] back = Files.readAllBytes(theirs);
      if (!Arrays.equals(back, ourSums)) {
        compare(fingerprint, ours, parseChecksums(back), products);
        return;
      }
      if (signer.isPresent()) {
        Optional<String> unsigned = signatureProblem(fingerprint, back, signature);
        if (unsigned.isPresent()) {
          throw new Failure(uri(fingerprint, EntrySignatures.FILE), "read back after the push, " + unsigned.get());
        }
      }
      log.info("Pushed " + ours.size() + (ours.size() == 1 ? " file" : " files") + " to the remote cache "
          + location(fingerprint) + " (read back" + signer.map(s -> ", signed by key " + s.publicKey().id())
          .orElse("") + ")");
    } catch (Failure e) {
      warn(e.uri == null ? uri(fingerprint, StageCache.CHECKSUMS) : e.uri, e.getMessage(), "; the remote entry "
          + "stays incomplete, which readers treat as absent");
    } finally {
      Files.deleteIfExists(theirs);
      Files.deleteIfExists(signature);
    }
  }

  /** PUTs one file of an entry; anything but a 2xx is a {@link Failure}. */
  private void put(String fingerprint, String file, Path source) throws Failure, IOException {
    URI uri = uri(fingerprint, file);
    int status;
    try {
      status = http.put(uri, source);
    } catch (DownloadException e) {
      Failure failure = failure(uri, e);
      throw new Failure(uri, "the push failed: " + failure.getMessage());
    }
    if (status < 200 || status > 299) {
      throw new Failure(uri, "the push was refused with HTTP " + status + (status == 401 || status == 403
          ? " (check the credentials of fashionae.remoteCache.serverId in settings.xml)" : ""));
    }
  }

  /** Asks the server, with HEAD, whether it kept a file it took: 200, and the length pushed when it says one. */
  private void confirm(String fingerprint, String file, long size) throws Failure, IOException {
    URI uri = uri(fingerprint, file);
    RemoteHttp.Head head;
    try {
      head = http.head(uri);
    } catch (DownloadException e) {
      throw failure(uri, e);
    }
    if (head.status() == 405 || head.status() == 501) {
      log.debug("Remote cache " + uri + ": HEAD answers HTTP " + head.status() + "; the push is confirmed by "
          + StageCache.CHECKSUMS + " alone");
      return;
    }
    if (head.status() != 200) {
      throw new Failure(uri, "the server took the PUT, but a HEAD of it answers HTTP " + head.status()
          + (head.status() == 404 ? ": it stored nothing" : ""));
    }
    if (head.length().isPresent() && head.length().getAsLong() != size) {
      throw new Failure(uri, String.format(Locale.ROOT, "the server took the PUT of %,d bytes, but a HEAD of it "
          + "announces %,d", size, head.length().getAsLong()));
    }
  }

  @Override
  public Optional<Map<String, String>> checksums(String fingerprint) throws IOException {
    if (skipped().isPresent()) {
      return Optional.empty();
    }
    Path sums = Files.createTempFile("fashion-ae-remote-", ".sums");
    try {
      if (!get(fingerprint, StageCache.CHECKSUMS, sums, MAX_CHECKSUMS_BYTES)) {
        return Optional.empty();
      }
      byte[] checksums = Files.readAllBytes(sums);
      Map<String, String> named = parseChecksums(checksums);
      if (config.trust().authenticates()) {
        Optional<String> untrusted = signatureProblem(fingerprint, checksums, Files.createTempFile(
            "fashion-ae-remote-", ".sig"));
        if (untrusted.isPresent()) {
          log.debug("Remote cache " + location(fingerprint) + ": counted as absent, " + untrusted.get());
          return Optional.empty();
        }
      }
      return Optional.of(named);
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

  /**
   * Downloads one file of at most {@code maxBytes}: true when it is there, false for a 404; {@link Failure} for
   * anything the remote did wrong, a plain {@link IOException} for a failure of this machine's files.
   */
  private boolean get(String fingerprint, String file, Path target, long maxBytes) throws IOException {
    URI uri = uri(fingerprint, file);
    try {
      return http.get(uri, target, maxBytes);
    } catch (DownloadException e) {
      Failure failure = failure(uri, e);
      if (e.kind() == DownloadException.Kind.TOO_LARGE && !file.equals(StageCache.CHECKSUMS)) {
        throw new Failure(uri, failure.getMessage() + " (fashionae.remoteCache.maxFileMegabytes)");
      }
      throw failure;
    }
  }

  /**
   * The failure of {@code e}; a connection-level one, or a redirect elsewhere, also marks the remote as not to be
   * tried again.
   */
  private Failure failure(URI uri, DownloadException e) {
    String message = e.getMessage();
    if (e.kind() == DownloadException.Kind.HTTP_STATUS && (e.status() == 401 || e.status() == 403)) {
      message += " (check the credentials of fashionae.remoteCache.serverId in settings.xml)";
    }
    if ((e.kind() == DownloadException.Kind.CONNECTION || e.kind() == DownloadException.Kind.REDIRECT_REFUSED)
        && config.health().fail(uri + ": " + e.getMessage())) {
      message += "; the remote cache is not tried again in this build";
    }
    return new Failure(uri, message);
  }

  /** Why the remote is skipped, with a debug line, once it has failed at the connection level in this build. */
  private Optional<String> skipped() {
    String failure = config.health().failure();
    if (failure != null) {
      log.debug("Remote cache skipped after an earlier failure in this build: " + failure);
      return Optional.of("not tried again after an earlier failure in this build (" + failure + ")");
    }
    return Optional.empty();
  }

  private void warn(URI uri, String what, String consequence) {
    log.warn("Remote cache " + uri + ": " + what + consequence);
  }

  /**
   * The files a {@code SHA256SUMS} names, by name, in order: strict ASCII lines of {@code sha256sum}'s form, each
   * name once, without folders, nothing hidden, not {@code SHA256SUMS} itself.
   *
   * @throws Failure for anything else, naming the first offending byte or line
   */
  static Map<String, String> parseChecksums(byte[] bytes) throws Failure {
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b != '\n' && (b < 0x20 || b > 0x7e)) {
        throw new Failure(null, String.format(Locale.ROOT, "%s: expected ASCII 'SHA-256  name' lines, found the "
            + "byte 0x%02X at offset %,d", StageCache.CHECKSUMS, b, i));
      }
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    String[] lines = text.split("\n", -1);
    int count = text.isEmpty() || text.endsWith("\n") ? lines.length - 1 : lines.length;
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      Matcher line = LINE.matcher(lines[i]);
      if (!line.matches() || line.group(2).equals(StageCache.CHECKSUMS)) {
        String found = lines[i].length() > 120 ? lines[i].substring(0, 120) + "…" : lines[i];
        throw new Failure(null, StageCache.CHECKSUMS + ": expected 'SHA-256  name' lines, found '" + found + "'");
      }
      if (files.put(line.group(2), line.group(1)) != null) {
        throw new Failure(null, StageCache.CHECKSUMS + " names " + line.group(2) + " twice");
      }
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
