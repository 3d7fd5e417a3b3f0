package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.ops.bench.SpikeBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenfold spike at CI's size (1,000 → 10,000 events/s for 60 s over HTTP, 32 producer
 * connections), on the whole stack: nothing accepted is lost or counted twice, every answer is a 200
 * or a 429/503 with Retry-After, and what the producers held back and the pre-aggregation job's lag
 * both drain afterwards. The report, with the drain time, is printed
 * and written to target/spike-report.md; {@code ops/bench spike} runs it larger.
 */
@ExtendWith(StackExtension.class)
class SpikeIT {

  @Test
  void aTenfoldMinuteIsTakenOrTurnedAwayWithRetryAfterAndCountedExactlyOnceAfterTheLagDrains(LocalStack stack)
      throws Exception {
    Duration spike = Duration.ofSeconds(60);
    SpikeBenchmark.Outcome outcome = SpikeBenchmark.run(
        stack.apiUrl(), stack.adminKey(), stack.kafkaBootstrap(), 1_000, 10, spike, Duration.ofSeconds(15), 32);

    String report = SpikeBenchmark.report(outcome, 1_000, 10, spike, 32);
    System.out.println(report);
    Files.writeString(Path.of("target/spike-report.md"), report);
    assertThat(outcome.phases()).allSatisfy(phase -> assertThat(phase.answerCounts().keySet()).as(phase.name)
        .allMatch(a -> a.equals("200") || a.endsWith("+ Retry-After") && (a.startsWith("429") || a.startsWith("503"))));
    assertThat(outcome.allAccepted()).as("every batch accepted in the end").isTrue();
    assertThat(outcome.served()).as("served against accepted").isEqualTo((double) outcome.accepted());
    assertThat(outcome.clientDrain()).as("the producers' backlog emptied").isPresent();
    assertThat(outcome.drain()).as("the lag drained").isPresent();
  }
}
