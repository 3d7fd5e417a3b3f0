package dev.pulse.api.alerts;

import java.util.Optional;
import java.util.Set;

/**
 * The named notification channels, as the service that holds their secrets describes them: which
 * kinds of delivery each has, never the routing key, webhook or addresses themselves.
 */
public interface ChannelDirectory {
  /** Empty when no channel has that name. */
  Optional<NamedChannel> find(String name);

  /** @param kinds {@code pagerduty}, {@code slack}, {@code email}: the schemes a rule may use it with */
  record NamedChannel(String name, Set<String> kinds, boolean enabled) {}

  /** The directory did not answer; a rule that needs it cannot be checked now. */
  class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
