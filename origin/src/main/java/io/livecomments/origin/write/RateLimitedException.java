package io.livecomments.origin.write;

import io.livecomments.http.ProblemException;
import java.time.Duration;

/** The commenter posted faster than the rate limit allows; may retry after {@link #retryAfter}. */
public final class RateLimitedException extends RuntimeException {
  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter) {
    // The same whole seconds as the Retry-After header the 429 carries.
    super("too many comments; retry in " + ProblemException.retryAfterSeconds(retryAfter) + " s");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
