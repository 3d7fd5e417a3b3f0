package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A range across the end of history's coverage: windows history covers for the tenant are read from
 * the history table (pushed here as a segment of another writer, with the coverage marker a
 * restatement leaves), later ones from the realtime table. Realtime windows that history also covers
 * are not counted twice.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE - 1)
class HistoryStitchingIT {
  private static final String TENANT = "history-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SOURCE = "stitch";
  private static final long MINUTE = 60_000;
  private static Instant boundary;

  @BeforeAll
  static void historyUpToTheBoundaryAndRealtimeAroundIt(LocalStack stack) throws Exception {
    boundary = Instant.now().minus(Duration.ofMinutes(60)).truncatedTo(ChronoUnit.MINUTES);
    try (DirectProducer producer = new DirectProducer(stack)) {
      // One event a minute from 10 minutes before the boundary to 30 after it.
      for (int minute = -10; minute < 30; minute++) {
        producer.send(DirectProducer.event("page_view", SOURCE, TENANT, "u", boundary.plusSeconds(minute * 60L + 5),
            Map.of("page", "/h")));
      }
      producer.flush();
    }
    pushHistory(stack, historyRows());
  }

  @Test
  void aRangeAcrossTheBoundaryIsStitchedWithoutGapOrDoubleCount(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    Instant from = boundary.minus(Duration.ofMinutes(30));
    Instant to = boundary.plus(Duration.ofMinutes(30));

    JsonNode both = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions()
        .until(() -> read(api, from, to), a -> a.get("source").asText().equals("both") && a.get("total").asDouble() == 90);
    JsonNode history = read(api, from, boundary);
    JsonNode realtime = read(api, boundary, to);

    // 30 history windows of 2, then 30 realtime windows of 1; the 10 realtime windows before the boundary are not read.
    Map<Instant, Double> buckets = new LinkedHashMap<>();
    both.get("windows").forEach(b -> buckets.put(Instant.parse(b.get("window_start").asText()), b.get("value").asDouble()));
    assertThat(buckets).hasSize(60);
    buckets.forEach((start, value) -> assertThat(value).as(start.toString()).isEqualTo(start.isBefore(boundary) ? 2.0 : 1.0));
    assertThat(history.get("source").asText()).isEqualTo("offline");
    assertThat(history.get("total").asDouble()).isEqualTo(60);
    assertThat(realtime.get("source").asText()).isEqualTo("realtime");
    assertThat(realtime.get("total").asDouble()).isEqualTo(30);
    JsonNode hourly = PulseApi.json(api.get(query(from, to) + "&granularity=1h"));
    assertThat(hourly.get("total").asDouble()).isEqualTo(90);
  }

  private static JsonNode read(PulseApi api, Instant from, Instant to) throws Exception {
    return PulseApi.json(api.get(query(from, to)));
  }

  private static String query(Instant from, Instant to) {
    return "/v1/metrics/page_views?window_start=" + from + "&window_end=" + to + "&dimensions=tenant:" + TENANT;
  }

  /** page_views rows as the corrections path would write them: final, version 1, two views a minute. */
  private static List<ObjectNode> historyRows() {
    List<ObjectNode> rows = new ArrayList<>();
    for (int minute = -30; minute < 0; minute++) {
      long start = boundary.toEpochMilli() + minute * MINUTE;
      ObjectNode row = PulseApi.JSON.createObjectNode()
          .put("metric", "page_views").put("window_spec", "1m")
          .put("window_start", start).put("window_end", start + MINUTE)
          .put("dims_hash", UUID.randomUUID().toString())
          .put("version", 1).put("is_final", true)
          .put("value", 2.0).put("numerator", 0.0).put("denominator", 0.0).put("event_count", 2)
          .put("emitted_at", Instant.now().toEpochMilli());
      row.putObject("dims").put("tenant", TENANT).put("source", SOURCE).put("properties.page", "/h");
      rows.add(row);
    }
    rows.add(coverageMarker());
    return rows;
  }

  /** What makes history authoritative for the tenant's half hour before the boundary (see Coverage). */
  private static ObjectNode coverageMarker() {
    long from = boundary.toEpochMilli() - 30 * MINUTE;
    ObjectNode marker = PulseApi.JSON.createObjectNode()
        .put("metric", "page_views").put("window_spec", "restated")
        .put("window_start", from).put("window_end", boundary.toEpochMilli())
        .put("dims_hash", UUID.randomUUID().toString())
        .put("version", 1).put("is_final", true)
        .put("value", 0.0).put("numerator", 0.0).put("denominator", 0.0).put("event_count", 0)
        .put("emitted_at", Instant.now().toEpochMilli());
    marker.putObject("dims").put("tenant", TENANT);
    return marker;
  }

  /** Builds a segment of the rows and pushes it with Pinot's own ingestion job. */
  private static void pushHistory(LocalStack stack, List<ObjectNode> rows) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory(stack.runDir(), "history-push");
    Path input = Files.createDirectories(work.resolve("input"));
    StringBuilder lines = new StringBuilder();
    for (ObjectNode row : rows) {
      row.put("dims", row.get("dims").toString()); // a JSON column takes the document as text
      lines.append(row).append('\n');
    }
    Files.writeString(input.resolve("rows.json"), lines);
    String controller = stack.pinotControllerUrl().toString();
    Path spec = work.resolve("job.yaml");
    Files.writeString(spec, String.join("\n",
        "executionFrameworkSpec:",
        "  name: standalone",
        "  segmentGenerationJobRunnerClassName: org.apache.pinot.plugin.ingestion.batch.standalone.SegmentGenerationJobRunner",
        "  segmentTarPushJobRunnerClassName: org.apache.pinot.plugin.ingestion.batch.standalone.SegmentTarPushJobRunner",
        "jobType: SegmentCreationAndTarPush",
        "inputDirURI: '" + input.toUri() + "'",
        "includeFileNamePattern: 'glob:**/*.json'",
        "outputDirURI: '" + work.resolve("segments").toUri() + "'",
        "overwriteOutput: true",
        "pinotFSSpecs:",
        "  - scheme: file",
        "    className: org.apache.pinot.spi.filesystem.LocalPinotFS",
        "recordReaderSpec:",
        "  dataFormat: json",
        "  className: org.apache.pinot.plugin.inputformat.json.JSONRecordReader",
        "tableSpec:",
        "  tableName: metrics_history",
        "  schemaURI: '" + controller + "/tables/metrics_history/schema'",
        "  tableConfigURI: '" + controller + "/tables/metrics_history'",
        "pinotClusterSpecs:",
        "  - controllerURI: '" + controller + "'",
        ""));
    String classpath = Files.readString(stack.pinotClasspathFile()).trim();
    Process job = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx512m", "-cp", classpath,
        "org.apache.pinot.tools.admin.PinotAdministrator", "LaunchDataIngestionJob", "-jobSpecFile", spec.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("job.log").toFile())
        .start();
    assertThat(job.waitFor(5, TimeUnit.MINUTES)).as("the ingestion job finished").isTrue();
    assertThat(job.exitValue()).as("ingestion job; see " + work.resolve("job.log")).isZero();
  }
}
