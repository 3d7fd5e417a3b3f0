package dev.pulse.backfill.pinot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Pinot controller's REST API for one OFFLINE table, as far as a restatement uses it: which
 * segments are visible, their time ranges, download and upload, and the segment lineage protocol
 * (start, end, revert) that swaps segments atomically for readers.
 */
public final class PinotController {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A lineage entry: segments a swap replaced and the ones it put in their place. */
  public record LineageEntry(String id, List<String> from, List<String> to, String state, long timestamp) {}

  /** A segment's name and the span of window starts it holds (inclusive end, as Pinot keeps it). */
  public record SegmentSpan(String name, long startMillis, long endMillis) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final URI controller;
  private final String table;
  private final Duration timeout;

  public PinotController(URI controller, String table, Duration timeout) {
    this.controller = controller;
    this.table = table;
    this.timeout = timeout;
  }

  public String table() {
    return table;
  }

  /** The table's schema and OFFLINE config, as a segment build needs them. */
  public JsonNode schema() throws IOException {
    return getJson("/tables/" + table + "/schema");
  }

  public JsonNode tableConfig() throws IOException {
    JsonNode config = getJson("/tables/" + table + "?type=OFFLINE").get("OFFLINE");
    if (config == null) {
      throw new IOException("Pinot has no OFFLINE table " + table + " at " + controller);
    }
    return config;
  }

  /** Segments readers see now: not replaced by a completed swap, not hidden by one in progress. */
  public List<String> visibleSegments() throws IOException {
    JsonNode answer = getJson("/segments/" + table + "?type=OFFLINE&excludeReplacedSegments=true");
    List<String> names = new ArrayList<>();
    for (JsonNode byType : answer) {
      byType.path("OFFLINE").forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  public SegmentSpan span(String segment) throws IOException {
    JsonNode metadata = getJson("/segments/" + table + "/" + encode(segment) + "/metadata");
    return new SegmentSpan(segment, metadata.path("segment.start.time").asLong(),
        metadata.path("segment.end.time").asLong());
  }

  public List<LineageEntry> lineage() throws IOException {
    JsonNode answer = getJsonOrEmpty("/segments/" + table + "/lineage?type=OFFLINE");
    List<LineageEntry> entries = new ArrayList<>();
    answer.path("lineageEntries").fields().forEachRemaining(e -> entries.add(new LineageEntry(e.getKey(),
        texts(e.getValue().path("segmentsFrom")), texts(e.getValue().path("segmentsTo")),
        e.getValue().path("state").asText(), e.getValue().path("timestamp").asLong())));
    return entries;
  }

  /** Downloads a segment's tar.gz to {@code into}. */
  public void download(String segment, Path into) throws IOException {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri("/segments/" + table + "/" + encode(segment)))
        .timeout(timeout).GET().build(), BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("cannot download segment " + segment + ": HTTP " + response.statusCode() + " "
            + new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      Files.copy(body, into, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Starts a swap; the new segments stay hidden from readers until {@link #endReplace}. */
  public String startReplace(List<String> from, List<String> to) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.set("segmentsFrom", JSON.valueToTree(from));
    body.set("segmentsTo", JSON.valueToTree(to));
    JsonNode answer = postJson("/segments/" + table + "/startReplaceSegments?type=OFFLINE&forceCleanup=false",
        BodyPublishers.ofString(body.toString()), "application/json");
    return answer.path("segmentLineageEntryId").asText();
  }

  /** Uploads a segment's tar.gz; as part of a swap it stays hidden until the swap ends. */
  public void upload(Path tarGz) throws IOException {
    String boundary = "pulse-" + UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + tarGz.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    BodyPublisher body = BodyPublishers.concat(BodyPublishers.ofByteArray(head), BodyPublishers.ofFile(tarGz),
        BodyPublishers.ofByteArray(tail));
    postJson("/v2/segments?tableName=" + table + "&tableType=OFFLINE&enableParallelPushProtection=true", body,
        "multipart/form-data; boundary=" + boundary);
  }

  /** Ends a swap: once the new segments are online, readers see them and no longer the old ones. */
  public void endReplace(String lineageEntryId) throws IOException {
    postJson("/segments/" + table + "/endReplaceSegments?type=OFFLINE&segmentLineageEntryId=" + encode(lineageEntryId),
        BodyPublishers.noBody(), "application/json");
  }

  /** Undoes a swap: the segments it replaced are seen again, and the ones it added are deleted. */
  public void revertReplace(String lineageEntryId, boolean inProgress) throws IOException {
    postJson("/segments/" + table + "/revertReplaceSegments?type=OFFLINE&forceRevert=" + inProgress
        + "&segmentLineageEntryId=" + encode(lineageEntryId), BodyPublishers.noBody(), "application/json");
  }

  /**
   * Queues a Minion task for this table ({@code POST /tasks/execute}); answers the task's name. The
   * Minion runs one task at a time, so every rewrite of history waits its turn.
   */
  public String executeTask(String taskType, java.util.Map<String, String> configs) throws IOException {
    ObjectNode request = JSON.createObjectNode().put("taskType", taskType).put("tableName", table + "_OFFLINE")
        .put("taskName", "cli-" + UUID.randomUUID().toString().substring(0, 8));
    request.set("taskConfigs", JSON.valueToTree(configs));
    JsonNode answer = postJson("/tasks/execute", BodyPublishers.ofString(request.toString()), "application/json");
    return answer.path(table + "_OFFLINE").asText();
  }

  /** A task's state: NOT_STARTED, IN_PROGRESS, COMPLETED, FAILED, ... */
  public String taskState(String task) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/tasks/task/" + encode(task) + "/state"))
        .timeout(timeout).GET().build(), BodyHandlers.ofString());
    return response.body().replace("\"", "").trim();
  }

  private JsonNode getJson(String path) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build(), BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private JsonNode getJsonOrEmpty(String path) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build(), BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private JsonNode postJson(String path, BodyPublisher body, String contentType) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).timeout(timeout)
        .header("Content-Type", contentType).POST(body).build(), BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.uri(), e);
    }
  }

  private URI uri(String path) {
    return controller.resolve(path);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
