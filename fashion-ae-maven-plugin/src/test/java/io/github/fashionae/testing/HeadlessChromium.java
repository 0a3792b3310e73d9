package io.github.fashionae.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol with the JDK's WebSocket client: load
 * a page, collect console errors and uncaught exceptions, evaluate expressions, take full-page screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** The flags: headless, no sandbox (containers), no GPU, and no background network traffic. */
  public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
      "--disable-extensions", "--disable-breakpad", "--no-first-run", "--no-default-browser-check",
      "--metrics-recording-only", "--mute-audio", "--remote-debugging-port=0");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final StringBuilder partial = new StringBuilder();

  /** The browser executable: {@code chromium} on the PATH, or empty when it is not installed. */
  public static Optional<Path> executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  public HeadlessChromium(Path executable) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("fashion-ae-chromium");
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browserUrl = awaitListening();
    URI base = URI.create(browserUrl.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", ""));
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String pageUrl = null;
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        pageUrl = target.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (pageUrl == null) {
      throw new IOException("chromium has no page target: " + targets);
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener())
        .join();
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Page.enable", Map.of());
  }

  private String awaitListening() throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = err.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IOException("chromium exited without a DevTools endpoint"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return url.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("chromium did not start its DevTools endpoint: " + e.getMessage(), e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        try {
          JsonNode node = JSON.readTree(message);
          if (node.has("id")) {
            CompletableFuture<JsonNode> future = pending.remove(node.get("id").asInt());
            if (future != null) {
              future.complete(node);
            }
          } else {
            events.add(node);
          }
        } catch (IOException e) {
          throw new IllegalStateException("unreadable DevTools message: " + message, e);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  /** Calls a DevTools method and returns its result, failing on a protocol error. */
  public JsonNode call(String method, Map<String, ?> params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true).join();
    JsonNode reply;
    try {
      reply = answer.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(method + " got no answer: " + e.getMessage(), e);
    }
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Sets the viewport, loads {@code url} and waits for its load event. */
  public void open(URI url, int width, int height) throws IOException, InterruptedException {
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
        "mobile", width < 600));
    events.clear();
    call("Page.navigate", Map.of("url", url.toString()));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (events.stream().noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the page " + url + " did not finish loading in 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** The value of a JavaScript expression, as JSON. */
  public JsonNode evaluate(String expression) throws IOException {
    JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new IOException("evaluating " + expression + " threw " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Console errors, uncaught exceptions and failed loads since the last {@link #open}. */
  public List<String> errors() {
    List<String> errors = new ArrayList<>();
    for (JsonNode event : events) {
      String method = event.path("method").asText();
      JsonNode params = event.path("params");
      if (method.equals("Runtime.consoleAPICalled") && params.path("type").asText().equals("error")) {
        errors.add("console.error: " + params.path("args"));
      } else if (method.equals("Runtime.exceptionThrown")) {
        errors.add("exception: " + params.path("exceptionDetails"));
      } else if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) {
        errors.add("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url")
            .asText());
      }
    }
    return errors;
  }

  /** A PNG of the whole page, not just the viewport. */
  public byte[] screenshot() throws IOException {
    JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
        "height", size.path("height").asDouble(), "scale", 1);
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", clip));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is killed below either way
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    // Chromium's helpers may still be letting go of the profile: retry, and leave it to the OS in the end.
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        io.github.fashionae.util.FileTrees.deleteTree(profile);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
