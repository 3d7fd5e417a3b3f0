package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for PagerDuty's Events API v2 ({@code POST /v2/enqueue}, answers 202) and Slack's
 * incoming webhooks ({@code POST /services/T/B/X}, answers 200 "ok"). It keeps every request it
 * answered, with the status it gave, and can be told to fail the first requests of one routing key
 * or webhook path.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, and how it was answered. */
  public record Received(String path, JsonNode body, int status, long receivedAtMillis) {
    /** The PagerDuty routing key, or the Slack webhook path: whom the message was for. */
    public String target() {
      return path.startsWith("/v2/") ? body.path("routing_key").asText() : path;
    }

    public boolean accepted() {
      return status < 300;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Failing> failing = new ConcurrentHashMap<>();

  private record Failing(int status, AtomicInteger remaining) {}

  public WebhookReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The next {@code times} requests for {@code target} are answered with {@code status}. */
  public void fail(String target, int status, int times) {
    failing.put(target, new Failing(status, new AtomicInteger(times)));
  }

  /** Every request for a routing key or Slack path, answered or not, in arrival order. */
  public List<Received> requestsFor(String target) {
    return received.stream().filter(r -> r.target().equals(target)).toList();
  }

  /** The messages a receiver took (2xx) for a target. */
  public List<Received> acceptedFor(String target) {
    return requestsFor(target).stream().filter(Received::accepted).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long at = System.currentTimeMillis();
    String path = exchange.getRequestURI().getPath();
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    Received request = new Received(path, body, 0, at);
    Failing failure = failing.get(request.target());
    int status;
    String answer;
    if (failure != null && failure.remaining().getAndDecrement() > 0) {
      status = failure.status();
      answer = "{\"status\":\"error\",\"message\":\"told to fail\"}";
    } else if (path.startsWith("/v2/")) {
      status = 202;
      answer = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + body.path("dedup_key").asText() + "\"}";
    } else {
      status = 200;
      answer = "ok";
    }
    received.add(new Received(path, body, status, at));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
