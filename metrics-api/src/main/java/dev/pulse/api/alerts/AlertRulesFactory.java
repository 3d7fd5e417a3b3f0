package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.catalog.CatalogProvider;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Alert rule limits, from the {@code alertRules:} section of the configuration. */
public class AlertRulesFactory {
  /** Shorter windows hold too few events to alert on without flapping. */
  @JsonProperty @NotNull private Duration minWindow = Duration.seconds(10);
  /** The alerting job keeps a rule's window of events in its state. */
  @JsonProperty @NotNull private Duration maxWindow = Duration.hours(24);

  public RuleValidator buildValidator(CatalogProvider catalog) {
    return new RuleValidator(catalog, java.time.Duration.ofMillis(minWindow.toMilliseconds()),
        java.time.Duration.ofMillis(maxWindow.toMilliseconds()));
  }
}
