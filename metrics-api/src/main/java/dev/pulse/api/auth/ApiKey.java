package dev.pulse.api.auth;

import java.security.Principal;

/**
 * The caller, as its API key says: a producer writing as one source, or an admin.
 *
 * @param source the source a producer key writes as; null for admin keys
 * @param rateLimitPerSecond events per second this key may send; null for the service default
 */
public record ApiKey(long id, String prefix, String role, String source, Integer rateLimitPerSecond)
    implements Principal {
  public static final String PRODUCER = "producer";
  public static final String ADMIN = "admin";

  public boolean isAdmin() {
    return ADMIN.equals(role);
  }

  /** Identifies the key in logs and responses without revealing it. */
  @Override
  public String getName() {
    return prefix + "…";
  }
}
