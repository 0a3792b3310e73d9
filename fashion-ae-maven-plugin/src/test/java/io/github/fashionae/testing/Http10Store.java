package io.github.fashionae.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store that speaks HTTP/1.0 the way a small Python {@code http.server} store does: one request per connection, a
 * response with a Content-Length but without {@code Connection: close}, then the connection closed, a moment later.
 * A client that keeps the connection sends its next request into that moment, and it is never answered: so every
 * request on a kept connection fails, where a race with the close fails some. PUT stores the body, GET and HEAD
 * serve it.
 */
public final class Http10Store implements AutoCloseable {

  private static final long LINGER_MILLIS = 50;

  private final ServerSocket socket;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public Http10Store() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "http10-store");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /** The stored files by path. */
  public Map<String, byte[]> files() {
    return files;
  }

  /** The requests so far, as "METHOD path". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        answer(connection);
        Thread.sleep(LINGER_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // a client that went away, or the server closing: the next connection
      }
    }
  }

  private void answer(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    String requestLine = line(in);
    String[] parts = requestLine.split(" ");
    long length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        length = Long.parseLong(header.substring(colon + 1).trim());
      }
    }
    String method = parts[0];
    String path = URI.create(parts[1]).getPath();
    requests.add(method + " " + path);
    OutputStream out = connection.getOutputStream();
    switch (method) {
      case "PUT" -> {
        files.put(path, in.readNBytes((int) length));
        out.write("HTTP/1.0 201 Created\r\nServer: SimpleHTTP/0.6\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
      }
      case "GET", "HEAD" -> {
        byte[] body = files.get(path);
        if (body == null) {
          out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6\r\nContent-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          if (method.equals("GET")) {
            out.write(body);
          }
        }
      }
      default -> out.write("HTTP/1.0 501 Unsupported\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
