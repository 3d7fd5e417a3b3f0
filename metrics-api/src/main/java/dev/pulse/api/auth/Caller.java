package dev.pulse.api.auth;

import java.security.Principal;
import java.util.Optional;

/** Whoever a request authenticated as: an API key or a read token. */
public interface Caller extends Principal {
  /** {@link ApiKey#ADMIN}, {@link ApiKey#PRODUCER} or {@link ReadToken#READER}. */
  String role();

  /** The only tenant this caller may read; empty when it may read every tenant. */
  Optional<String> tenantScope();

  /** Whether this caller may read the metric at all. */
  boolean mayRead(String metric);
}
