package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.api.catalog.CatalogProvider;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/** Alert rule limits and where named channels are looked up, from the {@code alertRules:} section. */
public class AlertRulesFactory {
  /** Shorter windows hold too few events to alert on without flapping. */
  @JsonProperty @NotNull private Duration minWindow = Duration.seconds(10);
  /** The alerting job keeps a rule's window of events in its state. */
  @JsonProperty @NotNull private Duration maxWindow = Duration.hours(24);
  /** The alert scheduler, which holds the named channels and their secrets. */
  @JsonProperty @NotEmpty private String schedulerUrl = "http://127.0.0.1:8088";
  /** Its admin token: enough to see a channel's kinds, which is all this service is shown. */
  @JsonProperty private String schedulerToken = "";
  @JsonProperty @NotNull private Duration channelLookupTimeout = Duration.seconds(3);

  public RuleValidator buildValidator(CatalogProvider catalog, ObjectMapper json) {
    ChannelDirectory channels = new SchedulerChannelDirectory(URI.create(schedulerUrl), schedulerToken,
        java.time.Duration.ofMillis(channelLookupTimeout.toMilliseconds()), json);
    return new RuleValidator(catalog, channels, java.time.Duration.ofMillis(minWindow.toMilliseconds()),
        java.time.Duration.ofMillis(maxWindow.toMilliseconds()));
  }
}
