package dev.pulse.api.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Kafka answers a cluster description within a few seconds. */
public class KafkaHealthCheck extends HealthCheck {
  private final Admin admin;

  public KafkaHealthCheck(Admin admin) {
    this.admin = admin;
  }

  @Override
  protected Result check() throws Exception {
    int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
    return brokers > 0 ? Result.healthy(brokers + " broker(s)") : Result.unhealthy("no brokers");
  }
}
