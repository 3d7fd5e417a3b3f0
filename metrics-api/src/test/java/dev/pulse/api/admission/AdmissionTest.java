package dev.pulse.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Admission batches = new Admission.Kinds(registry).of("ingest batches", 2, Duration.ofMillis(20));

  @Test
  void pastItsMaximumARequestIsTurnedAwayWithWhatToDo() {
    Admission.Place first = batches.enter();
    Admission.Place second = batches.enter();

    assertThatThrownBy(batches::enter)
        .isInstanceOf(Admission.AtCapacityException.class)
        .hasMessage("the API has its maximum of 2 ingest batches in progress; retry in 1 s");
    assertThat(turnedAway("ingest batches")).isEqualTo(1.0);
    first.close();
    second.close();
  }

  @Test
  void aRequestTurnedAwayTakesNoPlaceWithIt() {
    Admission.Place first = batches.enter();
    Admission.Place second = batches.enter();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(batches::enter).isInstanceOf(Admission.AtCapacityException.class);
    }
    first.close();
    second.close();

    try (Admission.Place again = batches.enter(); Admission.Place andAgain = batches.enter()) {
      assertThat(again).isNotNull();
      assertThat(andAgain).isNotNull();
    }
  }

  @Test
  void aPlaceFreedIsTakenByTheNext() {
    try (Admission.Place first = batches.enter()) {
      batches.enter().close();
      try (Admission.Place second = batches.enter()) {
        assertThat(second).isNotNull();
      }
    }
    assertThat(turnedAway("ingest batches")).isZero();
  }

  @Test
  void aRequestWaitingWhenAPlaceFreesIsTaken() throws Exception {
    Admission patient = new Admission.Kinds(new PrometheusRegistry()).of("Pinot queries", 1, Duration.ofSeconds(30));
    Admission.Place held = patient.enter();
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.close();
    });
    releaser.start();

    try (Admission.Place taken = patient.enter()) {
      assertThat(taken).isNotNull();
    }
    releaser.join();
  }

  private double turnedAway(String kind) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("pulse_api_turned_away"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .filter(p -> p.getLabels().get("kind").equals(kind))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .findFirst().orElse(0);
  }
}
