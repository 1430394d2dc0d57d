package io.livecomments.origin.redis;

import io.livecomments.ratelimit.LocalRateLimiter;
import io.livecomments.ratelimit.RateDecision;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The production {@link RateLimiter}: one token bucket per user in Redis ({@link RedisKeys#rate}, a
 * hash of credits and refill time), taken from by one Lua script so that every origin shares the
 * bucket and concurrent posts cannot overdraw it.
 *
 * <p>The bucket behaves as {@link LocalRateLimiter}'s (same refill, same capacity, a refused
 * decision carries the time until the next token), counted in microseconds. Time comes from the
 * injected clock and is passed to the script rather than read with {@code TIME}: tests drive
 * refills deterministically, and origins whose clocks differ by milliseconds disagree by that much
 * on a 2-second token. A clock going backwards refills nothing. A bucket untouched for one period
 * is full again, so its key expires then.
 *
 * <p>Failures: posting never waits on a Redis that is down. When a call fails to reach Redis (after
 * one retry on a fresh connection, each bounded by the command timeout), the decision is taken by a
 * {@link LocalRateLimiter} instead, and for {@code retryRedisAfter} every decision is local without
 * trying Redis; then Redis is tried again. While falling back each origin limits on its own, so a
 * user can post up to (origins x permits) per period. {@link RedisMetrics} shows the fallback.
 *
 * <p>Thread-safe. {@link #close} closes the pool and the local buckets.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

  /** Doubles hold integers exactly up to 2^53; leave headroom for adding a refill. */
  private static final long MAX_CAPACITY_MICROS = 1L << 52;

  private static final RedisScript TAKE =
      RedisScript.of(
          """
          -- KEYS[1] bucket; ARGV: now us, permits, period us, key ttl ms
          -- One token is `period` credits; each microsecond refills `permits` credits.
          local now = tonumber(ARGV[1])
          local permits = tonumber(ARGV[2])
          local period = tonumber(ARGV[3])
          local capacity = permits * period
          local state = redis.call('HMGET', KEYS[1], 'credits', 'at')
          local credits = tonumber(state[1])
          local at = tonumber(state[2])
          if credits == nil or at == nil then
            credits = capacity
            at = now
          end
          if now > at then
            credits = math.min(capacity, credits + math.min(now - at, period) * permits)
            at = now
          end
          local allowed = 0
          local wait = 0
          if credits >= period then
            credits = credits - period
            allowed = 1
          else
            wait = math.ceil((period - credits) / permits)
          end
          redis.call('HSET', KEYS[1], 'credits', string.format('%d', credits),
            'at', string.format('%d', at))
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return {allowed, wait}
          """);

  private final RateLimit limit;
  private final InstantSource clock;
  private final RedisConnections redis;
  private final LocalRateLimiter local;
  private final RedisMetrics metrics;
  private final Duration retryRedisAfter;
  private final long periodMicros;
  private volatile Instant localUntil = Instant.MIN;

  /**
   * @param limit permits per period; {@link RateLimit#OFF} allows everything without asking Redis
   * @param clock the time buckets refill in (shared by the local fallback)
   * @param retryRedisAfter how long to decide locally after Redis could not be reached
   */
  public RedisRateLimiter(
      RedisSettings settings,
      RateLimit limit,
      InstantSource clock,
      Duration retryRedisAfter,
      RedisMetrics metrics) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (retryRedisAfter == null || retryRedisAfter.isNegative()) {
      throw new IllegalArgumentException(
          "retryRedisAfter must not be negative: " + retryRedisAfter);
    }
    this.retryRedisAfter = retryRedisAfter;
    this.periodMicros = limit.period().toNanos() / 1_000;
    if (periodMicros < 1 || (double) periodMicros * limit.permits() > MAX_CAPACITY_MICROS) {
      throw new IllegalArgumentException(
          "rate limit cannot be counted in microseconds by Lua: " + limit);
    }
    this.local = new LocalRateLimiter(limit, clock, 100_000);
    this.redis = new RedisConnections(settings, "lc-rate-limiter");
    metrics.rateLimitFallback(false);
  }

  @Override
  public RateDecision tryAcquire(String userId) {
    Objects.requireNonNull(userId, "userId");
    if (limit.isOff()) {
      return RateDecision.ALLOWED;
    }
    Instant now = clock.instant();
    if (now.isBefore(localUntil)) {
      return decideLocally(userId);
    }
    List<?> reply;
    try {
      reply =
          (List<?>)
              redis.eval(
                  TAKE,
                  List.of(redis.settings().keys().rate(userId)),
                  List.of(
                      Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, now)),
                      Integer.toString(limit.permits()),
                      Long.toString(periodMicros),
                      Long.toString(Math.max(1, limit.period().toMillis()))));
    } catch (JedisDataException e) {
      throw e; // a script or type error is a bug, not an outage: falling back would hide it
    } catch (JedisException e) {
      localUntil = now.plus(retryRedisAfter);
      metrics.rateLimitFallback(true);
      LOG.warn("Redis unreachable for rate limiting; deciding locally for {}", retryRedisAfter, e);
      return decideLocally(userId);
    }
    metrics.rateLimitFallback(false);
    if ((Long) reply.get(0) == 1L) {
      return RateDecision.ALLOWED;
    }
    return RateDecision.refused(Duration.ofNanos((Long) reply.get(1) * 1_000));
  }

  @Override
  public void close() {
    redis.close();
    local.close();
  }

  private RateDecision decideLocally(String userId) {
    metrics.localDecision();
    return local.tryAcquire(userId);
  }
}
