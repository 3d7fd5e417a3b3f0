package dev.pulse.api.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pulse.api.pinot.PinotBroker;

/** The Pinot broker answers its health endpoint. */
public class PinotHealthCheck extends HealthCheck {
  private final PinotBroker broker;

  public PinotHealthCheck(PinotBroker broker) {
    this.broker = broker;
  }

  @Override
  protected Result check() {
    broker.ping();
    return Result.healthy();
  }
}
