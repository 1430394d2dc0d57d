package io.livecomments.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many comments a user may post per period, written {@code 5/10s}; {@code off} disables it.
 *
 * @param permits comments per period; 0 means unlimited
 */
public record RateLimit(int permits, Duration period) {
  public static final RateLimit OFF = new RateLimit(0, Duration.ofSeconds(1));
  public static final RateLimit DEFAULT = new RateLimit(5, Duration.ofSeconds(10));
  private static final Pattern SPEC = Pattern.compile("(\\d{1,6})/(\\d{1,6})(ms|s|m)");

  public RateLimit {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must not be negative: " + permits);
    }
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }

  public boolean isOff() {
    return permits == 0;
  }

  /** Parses {@code off} or {@code N/<number>(ms|s|m)}, e.g. {@code 5/10s}. */
  public static RateLimit parse(String spec) {
    if ("off".equalsIgnoreCase(spec)) {
      return OFF;
    }
    Matcher m = SPEC.matcher(spec == null ? "" : spec.trim());
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0 || Long.parseLong(m.group(2)) == 0) {
      throw new IllegalArgumentException(
          "rate limit must be 'off' or like '5/10s' (units ms, s, m): " + spec);
    }
    long amount = Long.parseLong(m.group(2));
    Duration period =
        switch (m.group(3)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMinutes(amount);
        };
    return new RateLimit(Integer.parseInt(m.group(1)), period);
  }

  @Override
  public String toString() {
    return isOff() ? "off" : permits + "/" + period.toMillis() + "ms";
  }
}
