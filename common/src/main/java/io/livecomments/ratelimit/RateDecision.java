package io.livecomments.ratelimit;

import java.time.Duration;

/**
 * A rate limiter's answer.
 *
 * @param retryAfter when refused, how long until a token is free (at least one second on the wire)
 */
public record RateDecision(boolean allowed, Duration retryAfter) {
  public static final RateDecision ALLOWED = new RateDecision(true, Duration.ZERO);

  public static RateDecision refused(Duration retryAfter) {
    return new RateDecision(false, retryAfter);
  }
}
