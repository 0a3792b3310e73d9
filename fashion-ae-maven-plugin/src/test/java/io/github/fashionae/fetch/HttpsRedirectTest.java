package io.github.fashionae.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.RecordingLog;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror over HTTPS that redirects to HTTP: never followed, with a message that says so; HTTPS to HTTPS is
 * followed. The server's certificate is made by the JDK's keytool for 127.0.0.1, and trusted by the client alone.
 */
class HttpsRedirectTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  private HttpsServer https;
  private SSLContext context;
  private final List<String> httpsRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(output).isTrue();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.start();
  }

  @AfterEach
  void stop() {
    https.stop(0);
  }

  private URI httpsUrl(String path) {
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + path);
  }

  private HttpDownloader downloader(RecordingLog log) {
    return new HttpDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), ProxySettings.NONE, log, context);
  }

  @Test
  void aRedirectFromHttpsToHttpIsNeverFollowed() throws Exception {
    try (LoopbackServer plain = new LoopbackServer().handle("/", exchange ->
        LoopbackServer.respond(exchange, 200, "downgraded".getBytes(StandardCharsets.UTF_8)))) {
      URI target = plain.url("/files/t10k-labels-idx1-ubyte.gz");
      https.createContext("/", exchange -> {
        httpsRequests.add(exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().add("Location", target.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
      });

      assertThatThrownBy(() -> downloader(new RecordingLog()).download(httpsUrl("/t10k-labels-idx1-ubyte.gz"),
          dir.resolve("labels.gz"), "t10k-labels-idx1-ubyte.gz"))
          .isInstanceOf(DownloadException.class)
          .hasMessage("HTTP 302 redirects from HTTPS " + httpsUrl("/t10k-labels-idx1-ubyte.gz") + " to HTTP " + target
              + ", which is never followed");
      assertThat(httpsRequests).containsExactly("/t10k-labels-idx1-ubyte.gz");
      assertThat(plain.requests()).isEmpty();
    }
  }

  @Test
  void aRedirectFromHttpsToHttpsIsFollowed() throws Exception {
    https.createContext("/", exchange -> {
      httpsRequests.add(exchange.getRequestURI().getPath());
      if (exchange.getRequestURI().getPath().startsWith("/moved/")) {
        byte[] body = "labels".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } else {
        exchange.getResponseHeaders().add("Location", httpsUrl("/moved" + exchange.getRequestURI().getPath())
            .toString());
        exchange.sendResponseHeaders(301, -1);
      }
      exchange.close();
    });
    RecordingLog log = new RecordingLog();

    downloader(log).download(httpsUrl("/labels.gz"), dir.resolve("labels.gz"), "labels.gz");

    assertThat(dir.resolve("labels.gz")).hasContent("labels");
    assertThat(httpsRequests).containsExactly("/labels.gz", "/moved/labels.gz");
    assertThat(log.lines).contains("labels.gz: redirected to " + httpsUrl("/moved/labels.gz"));
  }
}
