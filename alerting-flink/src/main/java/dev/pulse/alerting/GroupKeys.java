package dev.pulse.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Names a rule's group by its dimension values, stably: the same values always give the same key,
 * which becomes part of the PagerDuty dedup key. Readable while short; long values are hashed so
 * that the dedup key stays within PagerDuty's 255 characters.
 */
final class GroupKeys {
  static final String ALL = "all";
  private static final int MAX_READABLE = 100;

  private GroupKeys() {}

  /** {@code values} in the rule's group_by order; empty for a rule without group_by. */
  static String of(Map<String, String> values) {
    if (values.isEmpty()) {
      return ALL;
    }
    StringJoiner joined = new StringJoiner("&");
    values.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
    String key = joined.toString();
    return key.length() <= MAX_READABLE ? key : "sha256-" + sha256(key).substring(0, 32);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
