package dev.pulse.archive.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.archive.upkeep.UpkeepSettings;
import java.util.Objects;

/**
 * The archive service: its HTTP address, the token that may start upkeep by hand, and the upkeep.
 *
 * @param adminToken required as a bearer token by {@code POST /v1/archive/upkeep}; empty refuses it
 */
public record ServiceSettings(
    @JsonProperty(value = "host", required = true) String host,
    @JsonProperty(value = "port", required = true) int port,
    @JsonProperty("adminToken") String adminToken,
    @JsonProperty(value = "upkeep", required = true) UpkeepSettings upkeep) {

  public ServiceSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(upkeep, "upkeep");
    adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
  }
}
