package dev.pulse.archive.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulse.archive.counts.ArchiveCounts;
import dev.pulse.archive.counts.ArchiveMinutes;
import dev.pulse.archive.counts.ArchiveOffsetCoverage;
import dev.pulse.archive.upkeep.Upkeep;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive service's HTTP API, for the monitors and for operators:
 *
 * <ul>
 *   <li>{@code GET /v1/archive/counts?from=&to=[&event_type=]}: rows per event type, hour and
 *       Kafka partition, from Iceberg metadata;
 *   <li>{@code GET /v1/archive/offsets}: the highest archived offset per events.raw partition;
 *   <li>{@code GET /v1/archive/minutes?from=&to=}: rows and distinct events per minute of event
 *       time, over every event type, read from the data (an hour at most per request);
 *   <li>{@code GET /v1/archive/offset-coverage?partition=&from=&to=}: which offsets of an
 *       events.raw partition the archive holds, and the gaps, read from the data (the hourly check
 *       of Kafka's offset counts);
 *   <li>{@code POST /v1/archive/upkeep}: run upkeep now (bearer admin token), with its report;
 *   <li>{@code GET /health}: the catalog answers.
 * </ul>
 */
final class ArchiveHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveHttp.class);
  /** The most gaps one coverage answer lists. */
  private static final int MAX_GAPS = 10_000;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** A request the caller must change: answered 4xx with the reason. */
  private static final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private interface Handler {
    Object handle(HttpExchange exchange, Map<String, String> query) throws Exception;
  }

  private final ArchiveCounts counts;
  private final ArchiveMinutes minutes;
  private final ArchiveOffsetCoverage coverage;
  private final Upkeep upkeep;
  private final String adminToken;
  private HttpServer server;

  ArchiveHttp(ArchiveCounts counts, ArchiveMinutes minutes, ArchiveOffsetCoverage coverage, Upkeep upkeep,
      String adminToken) {
    this.counts = counts;
    this.minutes = minutes;
    this.coverage = coverage;
    this.upkeep = upkeep;
    this.adminToken = adminToken;
  }

  void start(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    route("/health", "GET", (exchange, query) -> Map.of("status", "ok", "event_types", counts.eventTypes()));
    route("/v1/archive/counts", "GET", (exchange, query) -> counts(query));
    route("/v1/archive/offsets", "GET", (exchange, query) -> Map.of("topic", "events.raw", "partitions", counts.highestOffsets()));
    route("/v1/archive/minutes", "GET", (exchange, query) -> minutes(query));
    route("/v1/archive/offset-coverage", "GET", (exchange, query) -> coverage(query));
    route("/v1/archive/upkeep", "POST", (exchange, query) -> {
      authorize(exchange);
      return Map.of("tables", upkeep.run());
    });
    server.start();
  }

  private Object counts(Map<String, String> query) {
    Instant from = instant(query, "from");
    Instant to = instant(query, "to");
    if (!from.isBefore(to)) {
      throw new BadRequest(400, "from must be before to");
    }
    String eventType = query.get("event_type");
    List<String> types = counts.eventTypes();
    if (eventType != null) {
      if (!types.contains(eventType)) {
        throw new BadRequest(404, "the archive has no table for event_type '" + eventType + "' (no event of it arrived yet)");
      }
      types = List.of(eventType);
    }
    List<ArchiveCounts.HourCount> hours = counts.byHour(types, from, to);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("from", from.truncatedTo(ChronoUnit.HOURS));
    answer.put("to", to);
    answer.put("total_rows", hours.stream().mapToLong(ArchiveCounts.HourCount::rows).sum());
    answer.put("hours", hours);
    return answer;
  }

  private Object minutes(Map<String, String> query) {
    Instant from = instant(query, "from");
    Instant to = instant(query, "to");
    if (!from.isBefore(to)) {
      throw new BadRequest(400, "from must be before to");
    }
    if (Duration.between(from, to).compareTo(ArchiveMinutes.MAX_RANGE) > 0) {
      throw new BadRequest(400, "minutes reads the archive's data: ask for an hour at most (from " + from + " to " + to + ")");
    }
    List<ArchiveMinutes.MinuteCount> counted = minutes.byMinute(from, to);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("from", from.truncatedTo(ChronoUnit.MINUTES));
    answer.put("to", to);
    answer.put("minutes", counted);
    return answer;
  }

  private Object coverage(Map<String, String> query) {
    long partition = number(query, "partition");
    long from = number(query, "from");
    long to = number(query, "to");
    if (partition < 0 || partition > Integer.MAX_VALUE || from < 0 || from >= to) {
      throw new BadRequest(400, "partition is a partition of events.raw and from < to are offsets, from 0");
    }
    if (to - from > ArchiveOffsetCoverage.MAX_OFFSETS) {
      throw new BadRequest(400, "offset-coverage reads the archive's data: ask for at most "
          + ArchiveOffsetCoverage.MAX_OFFSETS + " offsets, not " + (to - from));
    }
    return coverage.of((int) partition, from, to, MAX_GAPS);
  }

  private static long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      throw new BadRequest(400, name + " is required, a whole number");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, name + " must be a whole number, not '" + value + "'");
    }
  }

  private void authorize(HttpExchange exchange) {
    if (adminToken == null) {
      throw new BadRequest(403, "upkeep by hand is disabled: the service has no admin token configured");
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String expected = "Bearer " + adminToken;
    if (header == null
        || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      throw new BadRequest(401, "send the archive admin token as 'Authorization: Bearer <token>'");
    }
  }

  private static Instant instant(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      throw new BadRequest(400, name + " is required, an ISO-8601 instant such as 2026-12-01T10:00:00Z");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(400, name + " must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, not '" + value + "'");
    }
  }

  private void route(String path, String method, Handler handler) {
    server.createContext(path, exchange -> {
      try {
        answer(exchange, path, method, handler);
      } finally {
        exchange.close();
      }
    });
  }

  /** Every outcome is an answer: a failure's status and reason, never a dropped connection. */
  private void answer(HttpExchange exchange, String path, String method, Handler handler) throws IOException {
    try {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, 404, Map.of("error", "no such resource"));
      } else if (!exchange.getRequestMethod().equals(method)) {
        exchange.getResponseHeaders().add("Allow", method);
        respond(exchange, 405, Map.of("error", path + " takes " + method));
      } else {
        respond(exchange, 200, handler.handle(exchange, query(exchange)));
      }
    } catch (BadRequest e) {
      respond(exchange, e.status, Map.of("error", e.getMessage()));
    } catch (NoSuchTableException e) {
      respond(exchange, 404, Map.of("error", e.getMessage()));
    } catch (Exception | LinkageError e) {
      LOG.warn("{} {} failed", method, path, e);
      respond(exchange, 503, Map.of("error", "the archive's catalog cannot be read now: " + e.getClass().getSimpleName()));
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
