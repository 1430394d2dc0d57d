package io.livecomments.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link RateLimiter}, for every implementation: extend it and build a limiter
 * for the given limit in {@link #createLimiter}, on {@link #clock}. Every test uses its own random
 * user ids. Refill timing is driven through the manual clock; the other limits refill far slower
 * than a test runs.
 */
public abstract class RateLimiterContract {
  /** Three comments an hour: one token every 20 minutes. */
  protected static final RateLimit SLOW = new RateLimit(3, Duration.ofHours(1));

  /** The time every limiter of the suite must read. */
  protected final ManualClock clock = new ManualClock();

  private final List<RateLimiter> limiters = new ArrayList<>();

  /** A limiter applying {@code limit}, for one test; the suite closes it afterwards. */
  protected abstract RateLimiter createLimiter(RateLimit limit);

  /**
   * The finest time the implementation keeps: its retry-after is rounded up to a multiple of it.
   */
  protected abstract Duration resolution();

  @AfterEach
  void closeLimiters() {
    limiters.forEach(RateLimiter::close);
  }

  @Test
  void allowsThePermitsThenRefusesWithTheTimeUntilTheNextToken() {
    RateLimiter limiter = limiter(SLOW);
    String user = newUser();

    for (int i = 0; i < SLOW.permits(); i++) {
      assertThat(limiter.tryAcquire(user)).as("comment %s", i + 1).isEqualTo(RateDecision.ALLOWED);
    }
    RateDecision refused = limiter.tryAcquire(user);

    assertThat(refused.allowed()).isFalse();
    Duration perToken = SLOW.period().dividedBy(SLOW.permits());
    assertThat(refused.retryAfter())
        .isPositive()
        .isLessThanOrEqualTo(perToken)
        .isGreaterThan(perToken.minusMinutes(1));
  }

  @Test
  void retryAfterIsRoundedUpSoWaitingThatLongIsEnough() {
    RateLimiter limiter = limiter(new RateLimit(3, Duration.ofSeconds(1)));
    String user = newUser();
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire(user);
    }

    Duration retryAfter = limiter.tryAcquire(user).retryAfter();
    long step = resolution().toNanos();
    // A third of a second, rounded up to the resolution.
    assertThat(retryAfter).isEqualTo(Duration.ofNanos((333_333_333 / step + 1) * step));
    clock.advance(retryAfter.minus(resolution()));
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(resolution()));
    clock.advance(resolution());
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.ALLOWED);
  }

  @Test
  void refusedRequestsTakeNothing() {
    RateLimiter limiter = limiter(new RateLimit(1, Duration.ofHours(1)));
    String user = newUser();
    assertThat(limiter.tryAcquire(user).allowed()).isTrue();

    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire(user).allowed()).isFalse();
    }
    assertThat(limiter.tryAcquire(user).retryAfter()).isGreaterThan(Duration.ofMinutes(59));
  }

  @Test
  void usersHaveTheirOwnBuckets() {
    RateLimiter limiter = limiter(SLOW);
    String spammer = newUser();
    String other = newUser();
    for (int i = 0; i < SLOW.permits(); i++) {
      limiter.tryAcquire(spammer);
    }
    assertThat(limiter.tryAcquire(spammer).allowed()).isFalse();

    for (int i = 0; i < SLOW.permits(); i++) {
      assertThat(limiter.tryAcquire(other)).isEqualTo(RateDecision.ALLOWED);
    }
  }

  @Test
  void offAllowsEverything() {
    RateLimiter limiter = limiter(RateLimit.OFF);
    String user = newUser();

    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.ALLOWED);
    }
  }

  @Test
  void refillsContinuouslyAndRetryAfterIsExact() {
    RateLimiter limiter = limiter(RateLimit.DEFAULT);
    String user = newUser();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    }

    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(Duration.ofSeconds(2)));
    clock.advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(Duration.ofMillis(1_500)));
    clock.advance(Duration.ofMillis(1_500));
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.ALLOWED);
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(Duration.ofSeconds(2)));
  }

  @Test
  void bucketNeverHoldsMoreThanItsPermits() {
    RateLimiter limiter = limiter(RateLimit.DEFAULT);
    String user = newUser();
    limiter.tryAcquire(user);

    clock.advance(Duration.ofDays(3));

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    }
    assertThat(limiter.tryAcquire(user).allowed()).isFalse();
  }

  @Test
  void clockGoingBackwardsRefillsNothing() {
    RateLimiter limiter = limiter(new RateLimit(1, Duration.ofSeconds(10)));
    String user = newUser();
    limiter.tryAcquire(user);

    clock.set(clock.instant().minusSeconds(60));

    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(Duration.ofSeconds(10)));
  }

  protected final RateLimiter limiter(RateLimit limit) {
    RateLimiter limiter = createLimiter(limit);
    limiters.add(limiter);
    return limiter;
  }

  protected static String newUser() {
    return "user-" + UUID.randomUUID();
  }
}
