package io.github.fashionae.remote;


import com.sun.net.httpserver.HttpExchange;
import io.github.fashionae.fetch.ProxySettings;
import io.github.fashionae.store.CachedSteps;
import io.github.fashionae.store.StageCache;
import io.github.fashionae.testing.LoopbackServer;
import io.github.fashionae.testing.RecordingLog;
import io.github.fashionae.training.StageRunner;
import io.github.fashionae.util.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback server that stores PUT bodies, as nginx's WebDAV module does, with a fault it answers with before looking
 * at them; machines with their own user caches that train, push and read through it.
 */
abstract class RemoteCacheFixture {

  static final String FINGERPRINT = "ab".repeat(32);
  static final String TOKEN = "Basic " + Base64.getEncoder().encodeToString("ci:secret".getBytes(
      StandardCharsets.UTF_8));

  @TempDir
  Path dir;

  /** The server's files by path, and a fault it answers with before looking at them. */
  final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  volatile Fault fault = exchange -> false;
  final LoopbackServer server = new LoopbackServer().handle("/cache/", this::serve);
  final List<String> runs = new CopyOnWriteArrayList<>();

  /** Answers a request itself (true) or lets the store answer it (false). */
  @FunctionalInterface
  interface Fault {
    boolean answer(HttpExchange exchange) throws IOException;
  }

  RemoteCacheFixture() throws IOException {
  }

  @AfterEach
  void stop() {
    server.close();
  }

  void serve(HttpExchange exchange) throws IOException {
    if (fault.answer(exchange)) {
      return;
    }
    String path = exchange.getRequestURI().getPath();
    switch (exchange.getRequestMethod()) {
      case "PUT" -> {
        stored.put(path, exchange.getRequestBody().readAllBytes());
        LoopbackServer.respond(exchange, 201, new byte[0]);
      }
      case "GET", "HEAD" -> {
        byte[] body = stored.get(path);
        if (body != null && exchange.getRequestMethod().equals("HEAD")) {
          exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
          exchange.sendResponseHeaders(200, -1);
          return;
        }
        LoopbackServer.respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
      }
      default -> LoopbackServer.respond(exchange, 405, new byte[0]);
    }
  }

  static RemoteCacheConfig config(URI url, boolean push, boolean required, Map<String, String> headers,
                                  Duration timeout, Duration deadline, long maxFileBytes) {
    return new RemoteCacheConfig(url, push, required, headers, ProxySettings.NONE, timeout, timeout, deadline,
        maxFileBytes, new RemoteCacheConfig.Health());
  }

  static RemoteCacheConfig config(URI url, boolean push, boolean required, Map<String, String> headers,
                                  Duration timeout) {
    return config(url, push, required, headers, timeout, Duration.ofSeconds(60), 1L << 20);
  }

  RemoteCacheConfig config(boolean push) {
    return config(server.url("/cache"), push, false, Map.of(), Duration.ofSeconds(5));
  }

  /** Steps through a machine's own user cache {@code machine} and the remote cache of {@code config}. */
  CachedSteps machine(String machine, RemoteCacheConfig config, RecordingLog log) {
    return new CachedSteps(new StageCache(dir.resolve(machine), log, new HttpRemoteCache(config, log)), log);
  }

  CachedSteps.Step step(String folder) {
    return new CachedSteps.Step(FINGERPRINT, "autoencoder", StageRunner.TRAINING, dir.resolve(folder),
        List.of("model.zip", "history.json"), List.of("model.zip"), entry -> Optional.empty());
  }

  CachedSteps.Work<RuntimeException> training(String model) {
    return misses -> {
      for (CachedSteps.Miss miss : misses) {
        Files.createDirectories(miss.step().output());
        Files.writeString(miss.step().output().resolve("model.zip"), model);
        Files.writeString(miss.step().output().resolve("history.json"), "{}");
        runs.add(miss.step().output().getFileName().toString());
      }
    };
  }

  /** From now on the server answers every request with {@code status} and no body. */
  void answeringEverything(int status) {
    fault = exchange -> {
      LoopbackServer.respond(exchange, status, new byte[0]);
      return true;
    };
  }

  /** Machine A trains and pushes the step. */
  void pushedByAnotherMachine(String model) throws Exception {
    machine("a", config(true), new RecordingLog()).run(List.of(step("a-out")), CachedSteps.Mode.REUSE,
        training(model));
  }

  String path(String file) {
    return "/cache/v1/stages/" + FINGERPRINT + "/" + file;
  }

  /** The hidden files and folders (partial entries, temporary files) left in a machine's cache. */
  List<String> leftovers(String machine) throws IOException {
    Path stages = dir.resolve(machine).resolve("stages");
    if (!Files.isDirectory(stages)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(stages)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  static List<String> warnings(RecordingLog log) {
    return log.lines.stream().filter(l -> l.startsWith("WARN")).toList();
  }

  static String sha256(String text) {
    return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
