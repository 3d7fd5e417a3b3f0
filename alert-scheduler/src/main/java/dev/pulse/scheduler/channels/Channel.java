package dev.pulse.scheduler.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A rule's channel URI resolved to where it delivers. A named channel's URI ({@code
 * pagerduty://team-data-eng}) is not secret; a raw one holds a secret (a routing key, a webhook
 * path), so {@link #redacted()} and {@link #id()} stand for it in logs and the notification log.
 *
 * @param named resolved through a named channel, whose secrets are read at each delivery
 * @param recipients the addresses of an e-mail channel
 * @param unusable why nothing can be delivered here (a disabled or unknown channel); null if it can
 */
public record Channel(
    Kind kind, String uri, boolean named, URI endpoint, String routingKey, List<String> recipients, String unusable) {
  public enum Kind { PAGERDUTY, SLACK, EMAIL }

  static final String PAGERDUTY = "pagerduty://";
  static final String SLACK = "slack://";
  static final String EMAIL = "email://";

  public Channel {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  /** Resolves the raw forms {@code pagerduty://<routing-key>} and {@code slack://services/T/B/X}. */
  public static Channel parse(String uri, URI pagerDutyUrl, String slackBaseUrl) {
    if (uri.startsWith(PAGERDUTY)) {
      return new Channel(Kind.PAGERDUTY, uri, false, pagerDutyUrl, uri.substring(PAGERDUTY.length()), null, null);
    }
    if (uri.startsWith(SLACK)) {
      return new Channel(Kind.SLACK, uri, false, slackEndpoint(slackBaseUrl, uri.substring(SLACK.length())), null,
          null, null);
    }
    throw new IllegalArgumentException("not a channel: " + redact(uri));
  }

  static Channel unusable(Kind kind, String uri, String why) {
    return new Channel(kind, uri, true, null, null, null, why);
  }

  static URI slackEndpoint(String slackBaseUrl, String path) {
    String base = slackBaseUrl.endsWith("/") ? slackBaseUrl : slackBaseUrl + "/";
    return URI.create(base + (path.startsWith("/") ? path.substring(1) : path));
  }

  /** A named channel's URI as it is; a raw one's scheme and the first characters of its secret. */
  public String redacted() {
    return named ? uri : redact(uri);
  }

  /** Tells channels apart in the notification log without keeping the secret. */
  public String id() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String redact(String uri) {
    int secretAt = uri.indexOf("://");
    if (secretAt < 0) {
      return "<channel>";
    }
    String scheme = uri.substring(0, secretAt + 3);
    String secret = uri.substring(secretAt + 3);
    return scheme + secret.substring(0, Math.min(4, secret.length())) + "…";
  }
}
