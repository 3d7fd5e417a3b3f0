package dev.pulse.contract.catalog;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric's window: tumbling, written as its size ({@code 1m}), or sliding, written size/slide
 * ({@code 5m/30s}: five-minute windows starting every 30 seconds). Windows are aligned to the epoch.
 * The written form is also the window's name in stored rows and queries.
 */
public record WindowSpec(Duration size, Duration slide) {
  // Before ONE_MINUTE: the constructor reads it.
  static final Duration MAX_SIZE = Duration.ofDays(1);
  public static final WindowSpec ONE_MINUTE = new WindowSpec(Duration.ofMinutes(1), Duration.ofMinutes(1));

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");

  public WindowSpec {
    if (size.compareTo(Duration.ofSeconds(1)) < 0 || slide.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("windows and slides must be at least 1s");
    }
    if (size.compareTo(MAX_SIZE) > 0) {
      throw new IllegalArgumentException("windows may be at most " + MAX_SIZE.toHours() + "h");
    }
    if (slide.compareTo(size) > 0 || size.toMillis() % slide.toMillis() != 0) {
      throw new IllegalArgumentException("a window's slide must divide its size");
    }
  }

  public static WindowSpec parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("window '" + text + "' must be <size> or <size>/<slide>");
    }
    Duration size = duration(parts[0], text);
    return new WindowSpec(size, parts.length == 2 ? duration(parts[1], text) : size);
  }

  public boolean isTumbling() {
    return size.equals(slide);
  }

  public long sizeMillis() {
    return size.toMillis();
  }

  public long slideMillis() {
    return slide.toMillis();
  }

  /** The start of the last window that contains the instant. */
  public long lastWindowStart(long timestamp) {
    return Math.floorDiv(timestamp, slideMillis()) * slideMillis();
  }

  /** How many windows contain each instant. */
  public int windowsPerInstant() {
    return (int) (sizeMillis() / slideMillis());
  }

  public String id() {
    return isTumbling() ? format(size) : format(size) + "/" + format(slide);
  }

  @Override
  public String toString() {
    return id();
  }

  private static Duration duration(String part, String whole) {
    Matcher m = DURATION.matcher(part);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "window '" + whole + "' must use durations like 30s, 1m or 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static String format(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
