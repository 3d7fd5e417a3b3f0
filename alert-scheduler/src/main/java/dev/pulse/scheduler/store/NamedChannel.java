package dev.pulse.scheduler.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named channel with its secrets. It never leaves this service as it is: answers carry
 * {@link #redacted()}, logs and the notification log carry the rule's {@code scheme://name}.
 *
 * @param slackWebhookPath {@code services/T/B/X}, posted under the configured Slack base URL
 */
public record NamedChannel(
    String name,
    String pagerDutyRoutingKey,
    String slackWebhookPath,
    List<String> emailAddresses,
    boolean enabled,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** What a channel may be called: a short word, never a webhook path or an address. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public NamedChannel {
    emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
  }

  /** The schemes a rule may use this channel with. */
  public List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    if (pagerDutyRoutingKey != null) {
      kinds.add("pagerduty");
    }
    if (slackWebhookPath != null) {
      kinds.add("slack");
    }
    if (!emailAddresses.isEmpty()) {
      kinds.add("email");
    }
    return kinds;
  }

  /** Enough to recognize each secret by, and not enough to use it. */
  public Redacted redacted() {
    return new Redacted(name, kinds(), hint(pagerDutyRoutingKey), hint(slackWebhookPath),
        emailAddresses.stream().map(NamedChannel::hintAddress).toList(), enabled, version, createdAt, updatedAt);
  }

  /** What the API shows of a channel. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Redacted(
      String name,
      List<String> kinds,
      @JsonProperty("pagerduty_routing_key") String pagerDutyRoutingKey,
      String slackWebhookPath,
      List<String> emailAddresses,
      boolean enabled,
      long version,
      Instant createdAt,
      Instant updatedAt) {}

  private static String hint(String secret) {
    return secret == null ? null : secret.substring(0, Math.min(4, secret.length() / 4)) + "…";
  }

  /** The domain, which says where mail goes, and no one's mailbox. */
  private static String hintAddress(String address) {
    int at = address.lastIndexOf('@');
    return "…" + (at < 0 ? "" : address.substring(at));
  }
}
