package dev.pulse.monitor.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The archive service's count of distinct archived events in one minute of event time. */
public class ArchiveMinutes {
  private final HttpClient http;
  private final ObjectMapper json;
  private final URI archive;
  private final Duration timeout;

  public ArchiveMinutes(ObjectMapper json, URI archive, Duration timeout) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.json = json;
    this.archive = archive;
    this.timeout = timeout;
  }

  public long distinctEvents(long minuteStart) throws IOException, InterruptedException {
    Instant from = Instant.ofEpochMilli(minuteStart);
    URI uri = archive.resolve("/v1/archive/minutes?from=" + from + "&to=" + from.plusSeconds(60));
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    long events = 0;
    for (JsonNode minute : json.readTree(response.body()).path("minutes")) {
      events += minute.path("events").asLong();
    }
    return events;
  }
}
