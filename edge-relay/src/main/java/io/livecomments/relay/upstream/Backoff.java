package io.livecomments.relay.upstream;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff ("full jitter"): attempt n waits a random time up to {@code min(max,
 * base * 2^n)}, so relays that lost the same upstream at once do not come back together.
 */
public record Backoff(Duration base, Duration max) {
  public Backoff {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= max: " + base + ", " + max);
    }
  }

  /** The wait before reconnect attempt {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt, RandomGenerator random) {
    long ceiling = base.toMillis() << Math.min(attempt, 20);
    ceiling = Math.min(max.toMillis(), ceiling);
    // Never zero: a flapping upstream must not be hammered in a tight loop.
    return Duration.ofMillis(Math.max(base.toMillis() / 2, random.nextLong(ceiling + 1)));
  }
}
