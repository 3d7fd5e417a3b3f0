package dev.pulse.api.alerts;

import dev.pulse.api.kafka.KafkaAcks;
import dev.pulse.contract.Topics;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertRuleCodec;
import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each rule's new state to {@code alerts.rules}, which the alerting job follows. A change
 * is answered only once Kafka has it. At startup every stored rule is written again: a change
 * whose publish failed after it was stored (the caller got a 503) reaches the job then, and
 * compaction drops the repeats.
 */
public class RulePublisher implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(RulePublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final Supplier<List<AlertRule>> allRules;
  private final Duration ackTimeout;

  public RulePublisher(Producer<byte[], byte[]> producer, Supplier<List<AlertRule>> allRules, Duration ackTimeout) {
    this.producer = producer;
    this.allRules = allRules;
    this.ackTimeout = ackTimeout;
  }

  public void publish(AlertRule rule) throws KafkaAcks.PublishFailedException {
    KafkaAcks.await(List.of(producer.send(record(rule))), ackTimeout);
  }

  @Override
  public void start() {
    List<AlertRule> rules = allRules.get();
    try {
      KafkaAcks.await(rules.stream().map(rule -> producer.send(record(rule))).toList(), ackTimeout);
      LOG.info("Published the {} stored alert rules to {}", rules.size(), Topics.ALERT_RULES.name());
    } catch (KafkaAcks.PublishFailedException | RuntimeException e) {
      // The API still serves; the next start, or each rule's next change, publishes again.
      LOG.warn("Could not republish the stored alert rules to {}: {}", Topics.ALERT_RULES.name(), e.getMessage());
    }
  }

  private static ProducerRecord<byte[], byte[]> record(AlertRule rule) {
    return new ProducerRecord<>(
        Topics.ALERT_RULES.name(), Long.toString(rule.id()).getBytes(StandardCharsets.UTF_8), AlertRuleCodec.encode(rule));
  }
}
