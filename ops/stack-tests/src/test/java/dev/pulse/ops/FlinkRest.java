package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The local Flink job's REST API: which job runs, and whether a checkpoint is in flight. */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final java.net.URI base;
  /** The job's name; null for the only job at the address (a job's own mini cluster). */
  private final String jobName;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The pre-aggregation job's, by name: the cluster topology's session cluster runs every job. */
  FlinkRest(LocalStack stack) {
    this(stack.flinkUrl(), "pulse-preagg");
  }

  /** Any local job's, by its web UI address. */
  FlinkRest(java.net.URI base) {
    this(base, null);
  }

  private FlinkRest(java.net.URI base, String jobName) {
    this.base = base;
    this.jobName = jobName;
  }

  private boolean isTheRunningJob(JsonNode job) {
    return job.path("state").asText().equals("RUNNING") && (jobName == null || jobName.equals(job.path("name").asText()));
  }

  /** The running job's start time: it changes when the job is restarted. */
  long runningJobStartTime() throws IOException, InterruptedException {
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (isTheRunningJob(job)) {
        return job.path("start-time").asLong();
      }
    }
    throw new IllegalStateException("no running job");
  }

  /** The newest checkpoint this run completed, and when it was triggered. */
  record Checkpoint(long id, long triggeredAt) {}

  Checkpoint latestCompleted() throws IOException, InterruptedException {
    JsonNode latest = checkpoints().path("latest").path("completed");
    return new Checkpoint(latest.path("id").asLong(), latest.path("trigger_timestamp").asLong());
  }

  /** The checkpoint this run restored from, or -1. */
  long restoredCheckpoint() throws IOException, InterruptedException {
    JsonNode restored = checkpoints().path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong();
  }

  long checkpointInterval() throws IOException, InterruptedException {
    return get("/jobs/" + runningJobId() + "/checkpoints/config").path("interval").asLong();
  }

  private JsonNode checkpoints() throws IOException, InterruptedException {
    return get("/jobs/" + runningJobId() + "/checkpoints");
  }

  private String runningJobId() throws IOException, InterruptedException {
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (isTheRunningJob(job)) {
        return job.path("jid").asText();
      }
    }
    throw new IllegalStateException("no running job");
  }

  /**
   * The lowest input watermark among the subtasks of the job's operator whose name starts with
   * {@code operator}; {@code Long.MIN_VALUE} before every subtask has one.
   */
  long inputWatermark(String operator) throws IOException, InterruptedException {
    String job = runningJobId();
    for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
      if (vertex.path("name").asText().startsWith(operator)) {
        long lowest = Long.MAX_VALUE;
        int subtasks = 0;
        for (JsonNode watermark : get("/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/watermarks")) {
          if (watermark.path("id").asText().endsWith(".currentInputWatermark")) {
            lowest = Math.min(lowest, watermark.path("value").asLong(Long.MIN_VALUE));
            subtasks++;
          }
        }
        return subtasks == vertex.path("parallelism").asInt() ? lowest : Long.MIN_VALUE;
      }
    }
    throw new IllegalStateException("no operator named " + operator + "... in the running job");
  }

  /** Checkpoints this run of the job completed (a restored one does not count). */
  int completedCheckpoints() {
    return checkpointCount("completed");
  }

  private int checkpointCount(String which) {
    try {
      for (JsonNode job : get("/jobs/overview").path("jobs")) {
        if (isTheRunningJob(job)) {
          return get("/jobs/" + job.path("jid").asText() + "/checkpoints").path("counts").path(which).asInt();
        }
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
