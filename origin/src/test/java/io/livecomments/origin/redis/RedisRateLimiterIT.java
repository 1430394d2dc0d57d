package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.ratelimit.RateDecision;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import io.livecomments.ratelimit.RateLimiterContract;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisRateLimiterIT extends RateLimiterContract {
  private static RedisServerProcess redis;
  private final RedisSettings settings = redis.settings();

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  protected RateLimiter createLimiter(RateLimit limit) {
    return new RedisRateLimiter(
        settings, limit, clock, Duration.ofSeconds(1), new RedisMetrics(new PrometheusRegistry()));
  }

  @Test
  void retryAfterIsRoundedUpSoWaitingThatLongIsEnough() {
    RateLimiter limiter = limiter(new RateLimit(3, Duration.ofSeconds(1)));
    String user = newUser();
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire(user);
    }

    Duration retryAfter = limiter.tryAcquire(user).retryAfter();
    assertThat(retryAfter).isEqualTo(Duration.ofNanos(333_334_000));
    clock.advance(retryAfter.minusNanos(1_000));
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.refused(Duration.ofNanos(1_000)));
    clock.advance(Duration.ofNanos(1_000));
    assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.ALLOWED);
  }

  @Test
  void originsShareEachUsersBucket() {
    RateLimiter first = limiter(SLOW);
    RateLimiter second = limiter(SLOW);
    String user = newUser();

    assertThat(first.tryAcquire(user).allowed()).isTrue();
    assertThat(second.tryAcquire(user).allowed()).isTrue();
    assertThat(first.tryAcquire(user).allowed()).isTrue();

    assertThat(second.tryAcquire(user).allowed()).isFalse();
    assertThat(first.tryAcquire(user).allowed()).isFalse();
  }
}
