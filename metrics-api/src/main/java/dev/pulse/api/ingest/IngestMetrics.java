package dev.pulse.api.ingest;

import dev.pulse.contract.dlq.ErrorType;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What ingestion took and turned away, by the labels an operator alerts on: events accepted per
 * source (acknowledged by Kafka), dead letters per error type. A sudden rise in one error type, or
 * a source falling silent, shows here first.
 */
public class IngestMetrics {
  private final Counter accepted;
  private final Counter deadLetters;

  public IngestMetrics(PrometheusRegistry registry) {
    accepted = Counter.builder()
        .name("pulse_ingest_accepted_events_total")
        .help("Events accepted into events.raw, acknowledged by Kafka, by source")
        .labelNames("source")
        .register(registry);
    deadLetters = Counter.builder()
        .name("pulse_ingest_dead_letters_total")
        .help("Inputs written to events.dlq by the API, by error type")
        .labelNames("error_type")
        .register(registry);
  }

  void accepted(String source, int events) {
    if (events > 0) {
      accepted.labelValues(source == null ? "unknown" : source).inc(events);
    }
  }

  void deadLettered(ErrorType type) {
    deadLetters.labelValues(type.label()).inc();
  }
}
