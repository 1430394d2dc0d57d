package io.livecomments.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import io.livecomments.time.ClockedCaches;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Token buckets per user in this process: the embedded {@link RateLimiter}, and the fallback of a
 * shared one whose backend is down.
 *
 * <p>Each bucket holds up to {@code permits} tokens and refills continuously at {@code permits} per
 * {@code period} (for {@code 5/10s}: one token every 2 s), starting full. A refused decision
 * carries the exact time until the next token, rounded up to the nanosecond, so a caller that waits
 * that long gets one (if nobody else took it). {@link RateLimit#isOff()} allows everything.
 *
 * <p>Bounded: a bucket untouched for one period is full again, so it is forgotten then (time from
 * the injected clock); and at most {@code maxUsers} buckets are held. A user evicted for size
 * starts over with a full bucket: under that pressure the limit loosens rather than memory growing.
 *
 * <p>Thread-safe; decisions never block on anything but the user's own bucket. {@link #close} drops
 * every bucket; the limiter must not be used afterwards.
 */
public final class LocalRateLimiter implements RateLimiter {
  private final RateLimit limit;
  private final InstantSource clock;
  private final Cache<String, Bucket> buckets;
  // One token is periodNanos credits; each nanosecond refills `permits` credits.
  private final long periodNanos;
  private final long capacity;

  /**
   * @param limit permits per period; {@link RateLimit#OFF} allows everything
   * @param clock the time buckets refill in
   * @param maxUsers buckets held at most
   */
  public LocalRateLimiter(RateLimit limit, InstantSource clock, long maxUsers) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1: " + maxUsers);
    }
    try {
      this.periodNanos = limit.period().toNanos();
      // Bounded so that refills (at most one full bucket) can be added without overflow.
      this.capacity = Math.multiplyExact(Math.max(1, limit.permits()), periodNanos);
      if (capacity > Long.MAX_VALUE / 2) {
        throw new ArithmeticException();
      }
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("rate limit too large to count in nanoseconds: " + limit);
    }
    this.buckets = ClockedCaches.builder(clock, maxUsers).expireAfterAccess(limit.period()).build();
  }

  @Override
  public RateDecision tryAcquire(String userId) {
    Objects.requireNonNull(userId, "userId");
    if (limit.isOff()) {
      return RateDecision.ALLOWED;
    }
    Instant now = clock.instant();
    return buckets.get(userId, u -> new Bucket(now)).tryTake(now);
  }

  @Override
  public void close() {
    buckets.invalidateAll();
  }

  /** One user's tokens, as credits so that refills and waits are exact integers. */
  private final class Bucket {
    private long credits = capacity;
    private Instant refilledAt;

    Bucket(Instant now) {
      refilledAt = now;
    }

    synchronized RateDecision tryTake(Instant now) {
      if (now.isAfter(refilledAt)) {
        // Past one period the bucket is full anyway; capping first keeps the product in range.
        long elapsed = Math.min(elapsedNanos(refilledAt, now), periodNanos);
        long refill = elapsed * limit.permits();
        credits = refill >= capacity - credits ? capacity : credits + refill;
        refilledAt = now;
      }
      if (credits >= periodNanos) {
        credits -= periodNanos;
        return RateDecision.ALLOWED;
      }
      long missing = periodNanos - credits;
      return RateDecision.refused(
          Duration.ofNanos((missing + limit.permits() - 1) / limit.permits()));
    }
  }

  private static long elapsedNanos(Instant from, Instant to) {
    try {
      return Duration.between(from, to).toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
