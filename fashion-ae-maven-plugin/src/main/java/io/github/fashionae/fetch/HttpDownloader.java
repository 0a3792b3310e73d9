package io.github.fashionae.fetch;

import io.github.fashionae.util.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
    this.readTimeout = readTimeout;
    this.log = log;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (!proxies.proxies().isEmpty()) {
      builder.proxy(new SettingsProxySelector(proxies));
      builder.authenticator(new ProxyAuthenticator(proxies));
    }
    this.client = builder.build();
  }

  /**
   * Downloads {@code uri} into {@code target} (created or truncated), logging progress under {@code label}.
   *
   * @return the number of bytes written
   * @throws DownloadException for an HTTP error status, a timeout, a stall, or a body shorter than announced
   */
  public long download(URI uri, Path target, String label) throws IOException {
    return download(uri, target, label, Map.of());
  }

  /**
   * As {@link #download(URI, Path, String)}, sending {@code headers} too (a remote cache's credentials, say).
   *
   * @throws DownloadException of {@link DownloadException.Kind#HTTP_STATUS} for a status other than 200
   */
  public long download(URI uri, Path target, String label, Map<String, String> headers) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(readTimeout)
        .header("User-Agent", USER_AGENT)
        .GET();
    headers.forEach(builder::header);
    HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream(),
        "connecting to");
    if (response.statusCode() != 200) {
      response.body().close();
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
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "fashion-ae-download-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long checkMillis = Math.max(20, readTimeout.toMillis() / 5);
    watchdog.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastData.get() > readTimeout.toNanos() && stalled.compareAndSet(false, true)) {
        try {
          body.close();
        } catch (IOException ignored) {
          // The reader sees the stream end and reports the stall.
        }
      }
    }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    long received = 0;
    try (InputStream in = body; OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        lastData.set(System.nanoTime());
        out.write(buffer, 0, read);
        received += read;
        progress.advance(received);
      }
    } catch (IOException e) {
      if (!stalled.get()) {
        throw new DownloadException(String.format(Locale.ROOT, "connection failed after %,d%s bytes: %s",
            received, length >= 0 ? String.format(Locale.ROOT, " of %,d", length) : "", describe(e)), e);
      }
    } finally {
      watchdog.shutdownNow();
    }
    if (stalled.get()) {
      throw new DownloadException(String.format(Locale.ROOT, "stalled: no data for %s after %,d bytes",
          seconds(readTimeout), received));
    }
    if (length >= 0 && received != length) {
      throw new DownloadException(DownloadException.Kind.TRUNCATED, 0, String.format(Locale.ROOT,
          "truncated body: Content-Length announced %,d bytes, received %,d", length, received), null);
    }
    progress.finished(received);
    return received;
  }

  /**
   * Uploads {@code file} to {@code uri} with PUT, sending {@code headers} too, and returns the status the server
   * answered, once the whole body is sent; no response within the read timeout is a failure.
   *
   * @throws DownloadException of {@link DownloadException.Kind#CONNECTION} when there is no connection or no answer
   */
  public int upload(URI uri, Path file, Map<String, String> headers) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(readTimeout)
        .header("User-Agent", USER_AGENT)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofFile(file));
    headers.forEach(builder::header);
    return send(builder.build(), HttpResponse.BodyHandlers.discarding(), "uploading to").statusCode();
  }

  /**
   * Sends {@code request}, turning the HttpClient's failures into one-line {@link DownloadException}s of
   * {@link DownloadException.Kind#CONNECTION}; {@code doing} names the work in the message of an interrupt.
   */
  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String doing)
      throws IOException {
    try {
      return client.send(request, body);
    } catch (HttpConnectTimeoutException e) {
      throw new DownloadException("no connection within " + seconds(client.connectTimeout().orElseThrow()), e);
    } catch (HttpTimeoutException e) {
      throw new DownloadException("no response within " + seconds(readTimeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + doing + " " + request.uri());
    } catch (IOException e) {
      throw new DownloadException("connection failed: " + describe(e), e);
    }
  }

  /** The exception's type and the first message found along its causes (the HttpClient often wraps it). */
  private static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String seconds(Duration duration) {
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
