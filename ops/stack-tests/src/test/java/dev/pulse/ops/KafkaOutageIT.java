package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While Kafka is down the API answers 503 (never a silent drop, never a hang), and once Kafka is
 * back it accepts again without being restarted. Runs last: it takes Kafka away from everyone.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE)
class KafkaOutageIT {

  @Test
  void theApiAnswers503WhileKafkaIsDownAndRecoversWithoutARestart(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "outage-" + UUID.randomUUID();
    String apiPid = Files.readString(stack.runDir().resolve("run/metrics-api.pid")).trim();

    stack.kill9("kafka");
    HttpResponse<String> during = api.postEvents(PulseApi.batch(5, source));
    stack.run("up");
    HttpResponse<String> after =
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
            .until(() -> api.postEvents(PulseApi.batch(5, source)), r -> r.statusCode() == 200);

    assertThat(during.statusCode()).isEqualTo(503);
    assertThat(during.headers().firstValue("Retry-After")).isPresent();
    assertThat(PulseApi.json(during).get("message").asText()).contains("retry the batch");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(Files.readString(stack.runDir().resolve("run/metrics-api.pid")).trim()).isEqualTo(apiPid);
    await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> api.total("event_count", "source:" + source) >= 5);
    assertThat(api.total("event_count", "source:" + source)).isEqualTo(5);
  }

}
