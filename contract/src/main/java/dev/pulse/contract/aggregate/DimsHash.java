package dev.pulse.contract.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable hash of a set of dimension values: independent of map order, JVM and release, because it
 * is part of the primary key that Pinot's upsert and Kafka's partitioner see.
 */
public final class DimsHash {
  private static final int HASH_BYTES = 8;

  private DimsHash() {}

  public static String of(Map<String, String> dims) {
    MessageDigest digest = sha256();
    // Length-prefixed so that no choice of keys and values can collide by concatenation.
    new TreeMap<>(dims)
        .forEach(
            (k, v) -> {
              update(digest, k);
              update(digest, v);
            });
    byte[] hash = digest.digest();
    return HexFormat.of().formatHex(hash, 0, HASH_BYTES);
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }
}
