package io.github.fashionae.fetch;

import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Downloads one URL to a file with the JDK's HttpClient: redirects followed (never HTTPS to HTTP),
 * settings.xml proxies honoured, a connect timeout, a response timeout, and a stall timeout while the
 * body streams (the HttpClient has none of its own for bodies).
 */
public final class HttpDownloader {

  private static final String USER_AGENT = "fashion-ae-maven-plugin";

  private final HttpClient client;
  private final Duration readTimeout;
  private final BuildLog log;

  public HttpDownloader(Duration connectTimeout, Duration readTimeout, ProxySettings proxies, BuildLog log) {
    this(connectTimeout, readTimeout, proxies, log, null);
  }

  /** As the public constructor, trusting the servers {@code sslContext} trusts (null: the JDK's defaults). */
  HttpDownloader(Duration connectTimeout, Duration readTimeout, ProxySettings proxies, BuildLog log,
                 SSLContext sslContext) {
    this.readTimeout = readTimeout;
    this.log = log;
    HttpClient.Builder builder = clientBuilder(connectTimeout, proxies).followRedirects(HttpClient.Redirect.NORMAL);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  /** An HttpClient's builder with {@code connectTimeout} and settings.xml's proxies (and their credentials). */
  public static HttpClient.Builder clientBuilder(Duration connectTimeout, ProxySettings proxies) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (!proxies.proxies().isEmpty()) {
      builder.proxy(new SettingsProxySelector(proxies));
      builder.authenticator(new ProxyAuthenticator(proxies));
    }
    return builder;
  }

  /**
   * Downloads {@code uri} into {@code target} (created or truncated), logging progress under {@code label}.
   *
   * @return the number of bytes written
   * @throws DownloadException for an HTTP error status, a timeout, a stall, or a body shorter than announced
   */
  public long download(URI uri, Path target, String label) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(readTimeout)
        .header("User-Agent", USER_AGENT)
        .GET();
    HttpResponse<InputStream> response = send(client, builder.build(), HttpResponse.BodyHandlers.ofInputStream(),
        () -> "no response within " + seconds(readTimeout));
    if (response.statusCode() != 200) {
      response.body().close();
      Optional<String> location = response.headers().firstValue("Location");
      if (response.statusCode() / 100 == 3 && location.isPresent()
          && "https".equalsIgnoreCase(response.uri().getScheme())
          && location.get().trim().toLowerCase(Locale.ROOT).startsWith("http:")) {
        throw DownloadException.status(response.statusCode(), "HTTP " + response.statusCode() + " redirects from "
            + "HTTPS " + response.uri() + " to HTTP " + location.get().trim() + ", which is never followed");
      }
      throw DownloadException.status(response.statusCode(), "HTTP " + response.statusCode()
          + (response.uri().equals(uri) ? "" : " from " + response.uri()));
    }
    if (!response.uri().equals(uri)) {
      log.info(label + ": redirected to " + response.uri());
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
    return copyBody(response.body(), target, label, length);
  }

  private long copyBody(InputStream body, Path target, String label, long length) throws IOException {
    DownloadProgress progress = new DownloadProgress(label, length, log, System::nanoTime);
    long received;
    try (OutputStream out = Files.newOutputStream(target)) {
      received = copy(body, out, length, new BodyLimits(readTimeout, Duration.ZERO, System.nanoTime(),
          Long.MAX_VALUE), progress::advance);
    }
    progress.finished(received);
    return received;
  }

  /**
   * The limits a body is read under.
   *
   * @param silence the longest wait for more data (a stall)
   * @param deadline the longest the whole request may take, counted from {@code startNanos}; zero for no limit
   * @param startNanos when the request started, as {@link System#nanoTime()}
   * @param maxBytes the most bytes the body may have; nothing beyond them is written
   */
  public record BodyLimits(Duration silence, Duration deadline, long startNanos, long maxBytes) {

    /** The time left before the deadline, or {@code silence} when that is shorter or there is no deadline. */
    public Duration timeout(long nowNanos) {
      if (deadline.isZero()) {
        return silence;
      }
      Duration left = deadline.minusNanos(nowNanos - startNanos);
      return left.compareTo(silence) < 0 ? (left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
          : silence;
    }

    /** True once the deadline has passed. */
    public boolean pastDeadline(long nowNanos) {
      return !deadline.isZero() && nowNanos - startNanos > deadline.toNanos();
    }
  }

  /**
   * Copies {@code body} to {@code out} under {@code limits}, closing the body; {@code length} is the announced
   * length, or -1. A failure to write {@code out} is thrown as it is: it is this machine's, not the server's.
   *
   * @return the number of bytes copied
   * @throws DownloadException of {@link DownloadException.Kind#CONNECTION} for a stall, a passed deadline or a lost
   *     connection, of {@link DownloadException.Kind#TRUNCATED} for a body shorter than announced, of
   *     {@link DownloadException.Kind#TOO_LARGE} for a body (or an announced length) over the limit
   */
  public static long copy(InputStream body, OutputStream out, long length, BodyLimits limits,
                          LongConsumer progress) throws IOException {
    if (length > limits.maxBytes()) {
      body.close();
      throw new DownloadException(DownloadException.Kind.TOO_LARGE, 0, String.format(Locale.ROOT,
          "Content-Length announces %,d bytes, more than the limit of %,d", length, limits.maxBytes()), null);
    }
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    AtomicBoolean late = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "fashion-ae-download-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long checkMillis = Math.max(20, Math.min(1000, limits.silence().toMillis() / 5));
    watchdog.scheduleWithFixedDelay(() -> {
      long now = System.nanoTime();
      boolean stall = now - lastData.get() > limits.silence().toNanos();
      boolean pastDeadline = limits.pastDeadline(now);
      if ((stall || pastDeadline) && !stalled.get() && !late.get()) {
        (pastDeadline ? late : stalled).set(true);
        try {
          body.close();
        } catch (IOException ignored) {
          // The reader sees the stream end and reports the stall or the deadline.
        }
      }
    }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    long received = 0;
    try (InputStream in = body) {
      byte[] buffer = new byte[1 << 16];
      while (true) {
        int read;
        try {
          read = in.read(buffer);
        } catch (IOException e) {
          if (stalled.get() || late.get()) {
            break;
          }
          throw new DownloadException(String.format(Locale.ROOT, "connection failed after %,d%s bytes: %s",
              received, length >= 0 ? String.format(Locale.ROOT, " of %,d", length) : "", describe(e)), e);
        }
        if (read < 0 || stalled.get() || late.get()) {
          break;
        }
        lastData.set(System.nanoTime());
        if (received + read > limits.maxBytes()) {
          throw new DownloadException(DownloadException.Kind.TOO_LARGE, 0, String.format(Locale.ROOT,
              "the body is longer than the limit of %,d bytes (stopped there, nothing beyond it written)",
              limits.maxBytes()), null);
        }
        out.write(buffer, 0, read);
        received += read;
        progress.accept(received);
      }
    } finally {
      watchdog.shutdownNow();
    }
    if (late.get()) {
      throw new DownloadException(String.format(Locale.ROOT, "not complete after %s in all (%,d bytes received)",
          seconds(limits.deadline()), received));
    }
    if (stalled.get()) {
      throw new DownloadException(String.format(Locale.ROOT, "stalled: no data for %s after %,d bytes",
          seconds(limits.silence()), received));
    }
    if (length >= 0 && received != length) {
      throw new DownloadException(DownloadException.Kind.TRUNCATED, 0, String.format(Locale.ROOT,
          "truncated body: Content-Length announced %,d bytes, received %,d", length, received), null);
    }
    return received;
  }

  /**
   * Sends {@code request} with {@code client}, turning the HttpClient's failures into one-line
   * {@link DownloadException}s of {@link DownloadException.Kind#CONNECTION}, each with the HttpClient's exception as
   * its cause; {@code noResponse} says what a response timeout means.
   */
  public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body,
                                         Supplier<String> noResponse) throws IOException {
    try {
      return client.send(request, body);
    } catch (HttpConnectTimeoutException e) {
      throw new DownloadException("no connection within " + seconds(client.connectTimeout().orElseThrow()), e);
    } catch (HttpTimeoutException e) {
      throw new DownloadException(noResponse.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending " + request.method() + " " + request.uri());
    } catch (IOException e) {
      throw new DownloadException("connection failed: " + describe(e), e);
    }
  }

  /**
   * The exception's type and the first message found along its causes (the HttpClient often wraps it); the
   * HttpClient's refused connection has none, and is named.
   */
  public static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "ConnectException: connection refused";
      }
    }
    return e.getClass().getSimpleName();
  }

  public static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** Chooses settings.xml's proxy per URL, honouring nonProxyHosts. */
  static final class SettingsProxySelector extends ProxySelector {
    private final ProxySettings proxies;

    SettingsProxySelector(ProxySettings proxies) {
      this.proxies = proxies;
    }

    @Override
    public List<Proxy> select(URI uri) {
      return proxies.forUrl(uri.getScheme(), uri.getHost())
          .map(p -> List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port()))))
          .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
      // Nothing to fall back to: the failure is reported by the request itself.
    }
  }

  /** Answers proxy authentication challenges with the credentials of the proxy that asks. */
  static final class ProxyAuthenticator extends Authenticator {
    private final ProxySettings proxies;

    ProxyAuthenticator(ProxySettings proxies) {
      this.proxies = proxies;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      if (getRequestorType() != RequestorType.PROXY) {
        return null;
      }
      for (ProxySettings.Proxy proxy : proxies.proxies()) {
        if (proxy.host().equalsIgnoreCase(getRequestingHost()) && proxy.port() == getRequestingPort()
            && proxy.username() != null) {
          String password = proxy.password() == null ? "" : proxy.password();
          return new PasswordAuthentication(proxy.username(), password.toCharArray());
        }
      }
      return null;
    }
  }
}
