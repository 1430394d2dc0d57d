package io.livecomments.ratelimit;

/**
 * Token buckets per user (one Lua script over Redis in production). Decisions never block for long;
 * a limiter whose backend is down falls back to a local decision rather than refusing comments.
 */
public interface RateLimiter extends AutoCloseable {
  /** Takes one token from the user's bucket if there is one. */
  RateDecision tryAcquire(String userId);

  @Override
  void close();
}
