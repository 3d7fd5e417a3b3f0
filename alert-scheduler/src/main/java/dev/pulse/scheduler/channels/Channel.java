package dev.pulse.scheduler.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rule's channel URI resolved to where it posts. The URI holds a secret (a routing key, a
 * webhook path), so it never appears in logs or in the notification log: {@link #redacted()} and
 * {@link #id()} stand for it there.
 */
public record Channel(Kind kind, String uri, URI endpoint, String routingKey) {
  public enum Kind { PAGERDUTY, SLACK }

  private static final String PAGERDUTY = "pagerduty://";
  private static final String SLACK = "slack://";

  /** Resolves {@code pagerduty://<routing-key>} and {@code slack://services/T/B/X}. */
  public static Channel parse(String uri, URI pagerDutyUrl, String slackBaseUrl) {
    if (uri.startsWith(PAGERDUTY)) {
      return new Channel(Kind.PAGERDUTY, uri, pagerDutyUrl, uri.substring(PAGERDUTY.length()));
    }
    if (uri.startsWith(SLACK)) {
      String base = slackBaseUrl.endsWith("/") ? slackBaseUrl : slackBaseUrl + "/";
      return new Channel(Kind.SLACK, uri, URI.create(base + uri.substring(SLACK.length())), null);
    }
    throw new IllegalArgumentException("not a channel: " + redact(uri));
  }

  /** The scheme and the first characters of the secret part, e.g. {@code pagerduty://R0UT…}. */
  public String redacted() {
    return redact(uri);
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
