package dev.pulse.scheduler.jobs;

import dev.pulse.scheduler.channels.Channel;
import dev.pulse.scheduler.channels.Delivery;
import dev.pulse.scheduler.channels.Messages;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * Counts how each notification ended, by channel kind, message kind and outcome. A refused
 * notification (a disabled or unknown channel, a 4xx from the receiver, an SMTP login refused) is
 * final and otherwise only logged: this counter is what the NotificationsRejected alert watches,
 * so a page that nobody got is loud. Labels never hold a channel's URI, which may be a secret.
 */
public final class DeliveryOutcomes {
  private final Counter notifications;

  public DeliveryOutcomes(PrometheusRegistry registry) {
    this.notifications = Counter.builder()
        .name("pulse_scheduler_notifications_total")
        .help("Notifications by channel kind, message kind and how they ended: sent, rejected (final) or failed (retried later)")
        .labelNames("channel", "kind", "outcome")
        .register(registry);
    startEverySeriesAtZero();
  }

  /** Prometheus' increase() misses a series' first value, so the first refusal must be a change from 0. */
  private void startEverySeriesAtZero() {
    for (Channel.Kind channel : Channel.Kind.values()) {
      for (Messages.Kind kind : Messages.Kind.values()) {
        for (Delivery.Status status : Delivery.Status.values()) {
          notifications.labelValues(lower(channel), lower(kind), lower(status));
        }
      }
    }
  }

  void record(Channel channel, Messages.Kind kind, Delivery delivery) {
    notifications.labelValues(lower(channel.kind()), lower(kind), lower(delivery.status())).inc();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
