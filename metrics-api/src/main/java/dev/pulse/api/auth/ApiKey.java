package dev.pulse.api.auth;

import java.util.Optional;

/**
 * The caller, as its API key says: a producer writing as one source, or an admin.
 *
 * @param source the source a producer key writes as; null for admin keys
 * @param tenant the tenant of a producer key's events that name none
 * @param rateLimitPerSecond events per second this key may send; null for the service default
 */
public record ApiKey(long id, String prefix, String role, String source, String tenant, Integer rateLimitPerSecond)
    implements Caller {
  public static final String PRODUCER = "producer";
  public static final String ADMIN = "admin";

  public boolean isAdmin() {
    return ADMIN.equals(role);
  }

  /** Only admin keys read metrics, and they read every tenant's. */
  @Override
  public Optional<String> tenantScope() {
    return Optional.empty();
  }

  @Override
  public boolean mayRead(String metric) {
    return isAdmin();
  }

  /** Identifies the key in logs and responses without revealing it. */
  @Override
  public String getName() {
    return prefix + "…";
  }
}
