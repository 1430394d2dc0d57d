package io.livecomments.origin.write;

import java.time.Duration;

/** The commenter posted faster than the rate limit allows; may retry after {@link #retryAfter}. */
public final class RateLimitedException extends RuntimeException {
  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter) {
    super("too many comments; retry in " + Math.max(1, retryAfter.toSeconds()) + " s");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
