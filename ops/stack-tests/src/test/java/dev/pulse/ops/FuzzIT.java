package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of random and mutated bodies: every answer is a 200 or a 4xx within the client's
 * timeout, never a 5xx or a hang, and every event the API accepted is counted downstream.
 */
@ExtendWith(StackExtension.class)
class FuzzIT {
  private static final int BODIES = 3000;
  private static final Set<Integer> ACCEPTABLE = Set.of(200, 400, 413);
  private static final String[] SNIPPETS = {
    "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e309", "\"\\u0000\"", "\"é🎉\"", "{\"events\":",
    "\"event_type\"", "\"page_view\"", "\"properties\"", "\"page\"", "\"client_timestamp\"", "9223372036854775808", "\\"
  };

  @Test
  void noBodyGetsA5xxAndEveryAcceptedEventIsCounted(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "fuzz-" + UUID.randomUUID();
    String key = api.mintKey(source, 1_000_000);
    Random random = new Random(20261124);
    long accepted = 0;
    for (int i = 0; i < BODIES; i++) {
      String body = i % 3 == 0 ? randomBytes(random) : mutate(validBatch(source, random), random);
      String type = random.nextInt(5) == 0 ? "application/x-ndjson" : "application/json";
      HttpResponse<String> response = api.send("POST", "/v1/events", body, type, key);
      assertThat(response.statusCode()).as("body %d: %s", i, body).isIn(ACCEPTABLE);
      if (response.statusCode() == 200) {
        accepted += PulseApi.json(response).get("accepted").asLong();
      }
    }
    long expected = accepted;

    assertThat(expected).as("some mutated batches still carry valid events").isPositive();
    await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> api.total("event_count", "source:" + source) >= expected);
    assertThat(api.total("event_count", "source:" + source)).isEqualTo(expected);
  }

  private static String validBatch(String source, Random random) {
    StringBuilder events = new StringBuilder();
    for (int e = 0; e < 1 + random.nextInt(5); e++) {
      events.append(e == 0 ? "" : ",")
          .append("{\"event_type\":\"page_view\",\"source\":\"").append(source)
          .append("\",\"properties\":{\"page\":\"/p").append(random.nextInt(100)).append("\"}}");
    }
    return "{\"events\":[" + events + "]}";
  }

  /** Deletes, duplicates or inserts a few pieces; many results are still valid JSON, some valid events. */
  private static String mutate(String body, Random random) {
    StringBuilder out = new StringBuilder(body);
    for (int m = 0; m < 1 + random.nextInt(3); m++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
        default -> out.insert(at, out.charAt(random.nextInt(out.length())));
      }
    }
    return out.toString();
  }

  private static String randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
