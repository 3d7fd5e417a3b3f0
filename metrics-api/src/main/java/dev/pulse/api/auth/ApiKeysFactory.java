package dev.pulse.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.db.ApiKeyDao;
import io.dropwizard.util.Duration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.validation.constraints.NotNull;

/** How API keys are checked, from the {@code apiKeys:} section of the configuration. */
public class ApiKeysFactory {
  /** How often a key is checked again in the database: the longest a revoked key keeps working. */
  @JsonProperty @NotNull private Duration checkEvery = Duration.seconds(30);
  /** While the database is unreachable, how long a key it confirmed is still accepted. */
  @JsonProperty @NotNull private Duration trustKnownFor = Duration.hours(24);

  public ApiKeyCache build(ApiKeyDao keys, PrometheusRegistry metrics) {
    return new ApiKeyCache(keys::findActive, java(checkEvery), java(trustKnownFor), metrics);
  }

  private static java.time.Duration java(Duration duration) {
    return java.time.Duration.ofMillis(duration.toMilliseconds());
  }
}
