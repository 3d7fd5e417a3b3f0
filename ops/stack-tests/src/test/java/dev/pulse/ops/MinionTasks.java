package dev.pulse.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Pulse's Minion tasks driven through the Pinot controller's task API, as an operator would. */
final class MinionTasks {
  static final String CORRECTIONS_MERGE = "PulseCorrectionsMergeTask";
  static final String ARCHIVE_SEGMENTS = "PulseArchiveSegmentsTask";
  static final String HISTORY_TABLE = "metrics_history_OFFLINE";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI controller;

  MinionTasks(LocalStack stack) {
    this.controller = stack.pinotControllerUrl();
  }

  /** Runs a task on demand and waits until the Minion has finished it; answers its final state. */
  String runAndWait(String taskType, Map<String, String> configs) throws IOException, InterruptedException {
    ObjectNode request = PulseApi.JSON.createObjectNode().put("taskType", taskType).put("tableName", HISTORY_TABLE)
        .put("taskName", "test-" + UUID.randomUUID().toString().substring(0, 8));
    ObjectNode taskConfigs = request.putObject("taskConfigs");
    configs.forEach(taskConfigs::put);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(controller.resolve("/tasks/execute"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST /tasks/execute answered " + response.statusCode() + ": " + response.body());
    }
    // The answer names the task created per table: {"metrics_history_OFFLINE":"Task_<type>_<name>"}.
    String task = PulseApi.JSON.readTree(response.body()).get(HISTORY_TABLE).asText();
    return await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
        .until(() -> state(task), s -> s.equals("COMPLETED") || s.equals("FAILED") || s.equals("TIMED_OUT"));
  }

  String state(String task) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(controller.resolve("/tasks/task/" + task + "/state")).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body().replace("\"", "").trim();
  }

  /** The task type's metadata in Pinot for the history table: the corrections merge keeps its watermark there. */
  JsonNode metadata(String taskType) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        controller.resolve("/tasks/" + taskType + "/" + HISTORY_TABLE + "/metadata")).build(),
        HttpResponse.BodyHandlers.ofString());
    return PulseApi.JSON.readTree(response.body());
  }
}
