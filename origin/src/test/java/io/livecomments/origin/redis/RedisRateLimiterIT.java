package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import io.livecomments.ratelimit.RateLimiterContract;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRateLimiterIT extends RateLimiterContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
  private final RedisSettings settings = redis.settings();

  @Override
  protected RateLimiter createLimiter(RateLimit limit) {
    return new RedisRateLimiter(
        settings, limit, clock, Duration.ofSeconds(1), new RedisMetrics(new PrometheusRegistry()));
  }

  @Override
  protected Duration resolution() {
    return Duration.ofNanos(1_000);
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
