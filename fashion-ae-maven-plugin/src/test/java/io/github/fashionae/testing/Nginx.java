package io.github.fashionae.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's nginx (package {@code nginx}, which has the WebDAV module) on 127.0.0.1 and a free port, storing PUT
 * bodies under {@code store/} with {@code dav_methods PUT DELETE} and {@code create_full_put_path on}: the server a
 * team would put behind {@code fashionae.remoteCache}. Started and stopped by the test that uses it.
 */
public final class Nginx implements AutoCloseable {

  /** Where Debian installs it. */
  public static final Path EXECUTABLE = Path.of("/usr/sbin/nginx");

  private final Path prefix;
  private final int port;

  private Nginx(Path prefix, int port) {
    this.prefix = prefix;
    this.port = port;
  }

  /** The configuration of a WebDAV store under {@code prefix} on {@code port}. */
  public static String configuration(Path prefix, int port, boolean root) {
    return (root ? "user root;\n" : "") + "daemon on;\nworker_processes 1;\npid " + prefix.resolve("nginx.pid")
        + ";\nerror_log " + prefix.resolve("error.log") + ";\nevents { worker_connections 64; }\nhttp {\n"
        + "  access_log " + prefix.resolve("access.log") + ";\n"
        + "  client_body_temp_path " + prefix.resolve("body") + ";\n"
        + "  proxy_temp_path " + prefix.resolve("proxy") + ";\n"
        + "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
        + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
        + "  scgi_temp_path " + prefix.resolve("scgi") + ";\n"
        + "  server {\n    listen 127.0.0.1:" + port + ";\n    client_max_body_size 256m;\n"
        + "    location / {\n      root " + prefix.resolve("store") + ";\n      dav_methods PUT DELETE;\n"
        + "      create_full_put_path on;\n      dav_access user:rw group:r all:r;\n    }\n  }\n}\n";
  }

  /** Starts nginx with its files under {@code prefix}, and waits until it accepts connections. */
  public static Nginx start(Path prefix) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(prefix.resolve("store"));
    Path conf = prefix.resolve("nginx.conf");
    boolean root = "root".equals(System.getProperty("user.name"));
    Files.writeString(conf, configuration(prefix.toAbsolutePath(), port, root), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(EXECUTABLE.toString(), "-p", prefix.toAbsolutePath().toString(), "-c",
        conf.toAbsolutePath().toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("nginx did not start: " + output);
    }
    Nginx nginx = new Nginx(prefix, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return nginx;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    nginx.close();
    throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT/fashion-ae}. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The folder whose files nginx serves: {@code /x/y} is {@code store/x/y}. */
  public Path store() {
    return prefix.resolve("store");
  }

  @Override
  public void close() throws IOException {
    try {
      Process stop = new ProcessBuilder(EXECUTABLE.toString(), "-p", prefix.toAbsolutePath().toString(), "-c",
          prefix.resolve("nginx.conf").toAbsolutePath().toString(), "-s", "stop").redirectErrorStream(true).start();
      stop.getInputStream().readAllBytes();
      stop.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
