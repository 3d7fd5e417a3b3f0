package dev.pulse.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making new keys and hashing presented ones. A key is shown once, at creation; only its hash is kept. */
public final class KeyMaterial {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int PREFIX_LENGTH = 12;

  private KeyMaterial() {}

  /** A new key: a readable role prefix and 256 random bits, e.g. {@code pk_3q2…}. */
  public static String newKey(String role) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String tag = ApiKey.ADMIN.equals(role) ? "ak_" : "pk_";
    return tag + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  public static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  public static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }
}
