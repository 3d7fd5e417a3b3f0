package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads what Pinot serves, below the API: rows with their upsert versions. */
final class PinotSql {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalStack stack;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  PinotSql(LocalStack stack) {
    this.stack = stack;
  }

  List<JsonNode> rows(String sql) throws IOException, InterruptedException {
    return rows(sql, "");
  }

  /** With {@code skipUpsert=true}, every version of an upserted row, not only the newest. */
  List<JsonNode> rows(String sql, String queryOptions) throws IOException, InterruptedException {
    String body = JSON.createObjectNode().put("sql", sql).put("queryOptions", queryOptions).toString();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(stack.pinotBrokerUrl().resolve("/query/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<JsonNode> rows = new ArrayList<>();
    JSON.readTree(response.body()).path("resultTable").path("rows").forEach(rows::add);
    return rows;
  }
}
