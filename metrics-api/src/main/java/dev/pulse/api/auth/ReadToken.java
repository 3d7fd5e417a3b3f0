package dev.pulse.api.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A verified read token: it reads one tenant's data, of every metric or only of those listed.
 *
 * @param metrics the metrics it may read; empty for all
 */
public record ReadToken(String tenant, Set<String> metrics, Instant expiresAt) implements Caller {
  public static final String READER = "reader";

  public ReadToken {
    metrics = Set.copyOf(metrics);
  }

  @Override
  public String role() {
    return READER;
  }

  @Override
  public Optional<String> tenantScope() {
    return Optional.of(tenant);
  }

  @Override
  public boolean mayRead(String metric) {
    return metrics.isEmpty() || metrics.contains(metric);
  }

  /** Names the token by what it grants, never by its signature. */
  @Override
  public String getName() {
    return "token:" + tenant;
  }
}
