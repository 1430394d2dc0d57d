package io.livecomments.origin.redis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * How the Redis seams are doing, in {@code /metrics}: whether the rate limiter decides locally
 * because Redis is down, and the fan-out subscriber's connection, reconnects and gaps. One instance
 * per registry, shared by the Redis seams of one process.
 */
public final class RedisMetrics {
  private final Gauge rateLimitFallback;
  private final Counter localDecisions;
  private final Counter idempotencyFallbacks;
  private final Gauge fanoutConnected;
  private final Counter fanoutReconnects;
  private final Counter fanoutGaps;
  private final Counter publishFailures;

  public RedisMetrics(PrometheusRegistry registry) {
    rateLimitFallback =
        Gauge.builder()
            .name("lc_redis_ratelimit_fallback")
            .help("1 while the rate limiter decides locally because Redis is unreachable")
            .register(registry);
    localDecisions =
        Counter.builder()
            .name("lc_redis_ratelimit_local_decisions")
            .help("Rate limit decisions taken locally because Redis was unreachable")
            .register(registry);
    idempotencyFallbacks =
        Counter.builder()
            .name("lc_redis_idempotency_local_keys")
            .help("Idempotency keys held only in this process because Redis was unreachable")
            .register(registry);
    fanoutConnected =
        Gauge.builder()
            .name("lc_redis_fanout_connected")
            .help("1 while the fan-out subscriber connection to Redis is up")
            .register(registry);
    fanoutReconnects =
        Counter.builder()
            .name("lc_redis_fanout_reconnects")
            .help("Times the fan-out subscriber connected again after losing Redis")
            .register(registry);
    fanoutGaps =
        Counter.builder()
            .name("lc_redis_fanout_gaps")
            .help("Subscriptions told that batches may have been lost")
            .register(registry);
    publishFailures =
        Counter.builder()
            .name("lc_redis_fanout_publish_failures")
            .help("Batches not published because Redis was unreachable (at-most-once)")
            .register(registry);
  }

  void rateLimitFallback(boolean active) {
    rateLimitFallback.set(active ? 1 : 0);
  }

  void localDecision() {
    localDecisions.inc();
  }

  void idempotencyFallback() {
    idempotencyFallbacks.inc();
  }

  void fanoutConnected(boolean connected) {
    fanoutConnected.set(connected ? 1 : 0);
  }

  void fanoutReconnected() {
    fanoutReconnects.inc();
  }

  void fanoutGap() {
    fanoutGaps.inc();
  }

  void publishFailed() {
    publishFailures.inc();
  }
}
