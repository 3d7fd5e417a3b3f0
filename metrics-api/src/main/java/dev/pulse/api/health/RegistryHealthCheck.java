package dev.pulse.api.health;

import com.codahale.metrics.health.HealthCheck;
import dev.pulse.api.registry.SchemaRegistryClient;

/** The schema registry lists its subjects. */
public class RegistryHealthCheck extends HealthCheck {
  private final SchemaRegistryClient registry;

  public RegistryHealthCheck(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  protected Result check() {
    registry.ping();
    return Result.healthy();
  }
}
