package io.livecomments.origin.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.http.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitedExceptionTest {
  @Test
  void theDetailNamesTheSameWholeSecondsAsRetryAfter() {
    for (Duration wait :
        new Duration[] {
          Duration.ofMillis(1), Duration.ofMillis(1200), Duration.ofSeconds(2), Duration.ZERO
        }) {
      String retryAfter =
          ProblemException.retryAfter(
                  io.livecomments.http.Problem.tooManyRequests("rate-limited", "x"), wait)
              .headers()
              .get("Retry-After");

      assertThat(new RateLimitedException(wait).getMessage())
          .as("%s", wait)
          .isEqualTo("too many comments; retry in " + retryAfter + " s");
    }
  }
}
