package io.livecomments.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter createLimiter(RateLimit limit) {
    return new LocalRateLimiter(limit, clock, 10_000);
  }

  @Override
  protected Duration resolution() {
    return Duration.ofNanos(1);
  }

  @Test
  void bucketForgottenAfterAnIdlePeriodWasFullAnyway() {
    RateLimiter limiter = limiter(RateLimit.DEFAULT);
    String user = newUser();
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire(user);
    }

    clock.advance(Duration.ofSeconds(9));
    assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    assertThat(limiter.tryAcquire(user).allowed()).isFalse();
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(user).allowed()).isTrue();
    }
    assertThat(limiter.tryAcquire(user).allowed()).isFalse();
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new LocalRateLimiter(RateLimit.DEFAULT, clock, 0))
        .hasMessageContaining(": 0");
    assertThatThrownBy(
            () -> new LocalRateLimiter(new RateLimit(1_000_000, Duration.ofDays(365)), clock, 1))
        .hasMessageContaining("1000000/");
  }
}
