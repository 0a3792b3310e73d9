package io.github.fashionae.remote;

import io.github.fashionae.fetch.DownloadException;
import io.github.fashionae.fetch.HttpDownloader;
import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The remote cache's HTTP, with a hostile server in mind: HTTP/1.1 only; the configured credentials and headers go
 * to the configured origin and nowhere else (a redirect is followed only within the same scheme, host and port, and
 * always said at warning level with both URLs); no content encoding is asked for or accepted; every body is bounded
 * in size (nothing beyond the limit is written) and every request in time, in all and between two reads; a request
 * that loses its connection before an answer (GET, HEAD and PUT are all idempotent here) is sent once more, on a new
 * connection.
 */
final class RemoteHttp {

  private static final String USER_AGENT = "fashion-ae-maven-plugin";
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_REDIRECTS = 5;

  private final RemoteCacheConfig config;
  private final BuildLog log;
  private final HttpClient client;

  RemoteHttp(RemoteCacheConfig config, BuildLog log) {
    this.config = config;
    this.log = log;
    this.client = newClient();
  }

  private HttpClient newClient() {
    return HttpDownloader.clientBuilder(config.connectTimeout(), config.proxies())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * Downloads {@code uri} into {@code target}: true on 200, false on 404 or 410. {@code target} holds at most
   * {@code maxBytes} afterwards, whatever the server sends.
   *
   * @throws DownloadException for any other answer, or a body over the limit, slow, stalled, encoded or cut short
   * @throws IOException as it is for a failure to write {@code target}: this machine's, not the remote's
   */
  boolean get(URI uri, Path target, long maxBytes) throws IOException {
    long start = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(target)) {
      HttpResponse<InputStream> response = send(uri, "GET", null, start);
      int status = response.statusCode();
      if (status != 200) {
        response.body().close();
        if (status == 404 || status == 410) {
          return false;
        }
        throw DownloadException.status(status, "HTTP " + status + from(uri, response));
      }
      Optional<String> encoding = response.headers().firstValue("Content-Encoding");
      if (encoding.isPresent() && !encoding.get().isBlank() && !encoding.get().equalsIgnoreCase("identity")) {
        response.body().close();
        throw new DownloadException(DownloadException.Kind.HTTP_STATUS, status, "served with Content-Encoding "
            + encoding.get() + ", which was not asked for (Accept-Encoding: identity)", null);
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
      HttpDownloader.BodyLimits limits = limits(start, maxBytes);
      try {
        HttpDownloader.copy(response.body(), out, length, limits, received -> { });
      } catch (DownloadException e) {
        throw e.kind() == DownloadException.Kind.CONNECTION && limits.pastDeadline(System.nanoTime())
            ? new DownloadException(e.getMessage()
            + " (fashionae.remoteCache.deadlineSeconds)", e) : e;
      }
      return true;
    }
  }

  /** The status of a HEAD of {@code uri} and the length it announces, if any. */
  Head head(URI uri) throws IOException {
    long start = System.nanoTime();
    HttpResponse<InputStream> response = send(uri, "HEAD", null, start);
    response.body().close();
    return new Head(response.statusCode(), response.headers().firstValueAsLong("Content-Length"));
  }

  /** What a HEAD answered. */
  record Head(int status, OptionalLong length) {
  }

  /** Uploads {@code file} to {@code uri} with PUT and returns the status once the server answers. */
  int put(URI uri, Path file) throws IOException {
    HttpResponse<InputStream> response = send(uri, "PUT", file, System.nanoTime());
    response.body().close();
    return response.statusCode();
  }

  /**
   * Sends one request, following redirects within the configured origin only, each said at warning level; a
   * redirect to another origin is a failure, so that no credential or configured header reaches it.
   */
  private HttpResponse<InputStream> send(URI uri, String method, Path body, long start) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = sendOnce(current, method, body, start);
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(status) || location.isEmpty()) {
        return response;
      }
      response.body().close();
      URI next;
      try {
        next = current.resolve(location.get().trim());
      } catch (IllegalArgumentException e) {
        throw DownloadException.status(status, "HTTP " + status + " redirects to '" + location.get()
            + "', which is not a URL");
      }
      if (!sameOrigin(config.url(), next)) {
        throw new DownloadException(DownloadException.Kind.REDIRECT_REFUSED, status, "HTTP " + status
            + " redirects to " + next + ", another origin than " + origin(config.url()) + ": not followed, so that "
            + "the credentials and headers of the remote cache go nowhere else", null);
      }
      if (body != null && status != 307 && status != 308) {
        throw DownloadException.status(status, "HTTP " + status + " redirects the " + method + " to " + next
            + ", which only 307 or 308 may do");
      }
      if (hop + 1 >= MAX_REDIRECTS) {
        throw DownloadException.status(status, "more than " + MAX_REDIRECTS + " redirects, the last to " + next);
      }
      log.warn("Remote cache " + current + ": redirected with HTTP " + status + " to " + next
          + " (same origin, followed)");
      current = next;
    }
  }

  private HttpResponse<InputStream> sendOnce(URI uri, String method, Path body, long start) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(limits(start, 0).timeout(System.nanoTime()))
        .header("User-Agent", USER_AGENT)
        .header("Accept-Encoding", "identity");
    switch (method) {
      case "GET" -> builder.GET();
      case "HEAD" -> builder.method("HEAD", HttpRequest.BodyPublishers.noBody());
      case "PUT" -> builder.header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofFile(body));
      default -> throw new IllegalArgumentException(method);
    }
    config.headers().forEach(builder::header);
    HttpRequest request = builder.build();
    Supplier<String> noResponse = () -> limits(start, 0).pastDeadline(System.nanoTime())
        ? "no answer within " + HttpDownloader.seconds(config.deadline()) + " in all"
        : "no response within " + HttpDownloader.seconds(config.readTimeout());
    try {
      return HttpDownloader.send(client, request, HttpResponse.BodyHandlers.ofInputStream(), noResponse);
    } catch (DownloadException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw e;
      }
      // every request here is idempotent: a connection the server closed while the client kept it (an HTTP/1.0
      // server, say) is worth one more try, on a new connection of a client of its own
      log.debug("Remote cache " + uri + ": the " + method + " failed (" + e.getMessage() + "); sending it once "
          + "more on a new connection");
      return HttpDownloader.send(newClient(), request, HttpResponse.BodyHandlers.ofInputStream(), noResponse);
    }
  }

  private HttpDownloader.BodyLimits limits(long start, long maxBytes) {
    return new HttpDownloader.BodyLimits(config.readTimeout(), config.deadline(), start, maxBytes);
  }

  private static String from(URI asked, HttpResponse<?> response) {
    return response.uri().equals(asked) ? "" : " from " + response.uri();
  }

  /** True when {@code a} and {@code b} have the same scheme, host and port (the scheme's default when absent). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }

  /** "http://host:port", for messages. */
  static String origin(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + port(uri);
  }
}
