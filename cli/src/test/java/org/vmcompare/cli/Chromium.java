package org.vmcompare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol with nothing but the JDK (its HTTP client and
 * WebSocket), so the browser test needs no driver download and no extra dependency. One browser per
 * instance, started with a fresh profile, listening on loopback only, closed by {@link #close()}.
 */
final class Chromium implements AutoCloseable {
  static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  /** The Chromium binary here, or null: $CHROMIUM first, then Debian's and others' paths. */
  static Path find() {
    String env = System.getenv("CHROMIUM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    for (String c : CANDIDATES) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  Chromium(Path binary, Path profile) throws Exception {
    process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--window-size=1200,900",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling("chromium.log").toFile())
            .start();
    try {
      int port = port(profile.resolve("DevToolsActivePort"));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      String list =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String ws = null;
      for (JsonNode t : JSON.readTree(list)) {
        if (t.path("type").asText().equals("page")) {
          ws = t.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (ws == null) {
        throw new IllegalStateException("Chromium shows no page target: " + list);
      }
      socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(ws), new Listener())
              .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Waits for Chromium to write its DevTools port into the profile. */
  private int port(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with code " + process.exitValue());
      }
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).strip());
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium did not open its DevTools port within 60 s");
  }

  /** Sends one protocol command and waits for its result. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode reply = answer.get(60, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Waits until an event of this method has arrived. */
  void await(String method) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(e -> e.path("method").asText().equals(method))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no " + method + " within 60 s");
  }

  /** Every event received so far, in order. */
  List<JsonNode> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is stopped below either way
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reassembles frames into messages; answers go to their caller, events to the list. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(buffer.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          } else {
            events.add(msg);
          }
        } catch (IOException e) {
          events.add(
              JSON.createObjectNode().put("method", "unparsable").put("text", e.getMessage()));
        }
        buffer.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
