package dev.pulse.monitor.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The archive service's answers that the audits compare with: distinct events per minute of event
 * time, and which offsets of a range of an events.raw partition it holds.
 */
public class ArchiveClient {
  /** Offsets {@code [from, to)} of a partition. */
  public record Range(long from, long to) {
    public long size() {
      return to - from;
    }
  }

  /** The offsets of a range the archive holds, and the gaps (all of them unless truncated). */
  public record Coverage(long archived, List<Range> gaps, boolean truncated) {}

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI archive;
  private final Duration timeout;

  public ArchiveClient(ObjectMapper json, URI archive, Duration timeout) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.json = json;
    this.archive = archive;
    this.timeout = timeout;
  }

  /** Distinct archived events in the minute of event time that starts at {@code minuteStart}. */
  public long distinctEvents(long minuteStart) throws IOException, InterruptedException {
    Instant from = Instant.ofEpochMilli(minuteStart);
    long events = 0;
    for (JsonNode minute : get("/v1/archive/minutes?from=" + from + "&to=" + from.plusSeconds(60), timeout).path("minutes")) {
      events += minute.path("events").asLong();
    }
    return events;
  }

  /** Which offsets of {@code range} the archive holds; it reads the data, so it may take a while. */
  public Coverage coverage(int partition, Range range) throws IOException, InterruptedException {
    JsonNode answer = get("/v1/archive/offset-coverage?partition=" + partition + "&from=" + range.from()
        + "&to=" + range.to(), timeout.multipliedBy(10));
    List<Range> gaps = new ArrayList<>();
    for (JsonNode gap : answer.path("gaps")) {
      gaps.add(new Range(gap.path("from").asLong(), gap.path("to").asLong()));
    }
    return new Coverage(answer.path("archived").asLong(), gaps, answer.path("gaps_truncated").asBoolean());
  }

  private JsonNode get(String pathAndQuery, Duration wait) throws IOException, InterruptedException {
    URI uri = archive.resolve(pathAndQuery);
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(wait).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }
}
