package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemExceptionTest {
  private final Problem busy = Problem.serviceUnavailable("log-unavailable", "Try again soon.");

  @Test
  void retryAfterRoundsUpToWholeSecondsAndAtLeastOne() {
    assertThat(ProblemException.retryAfter(busy, Duration.ofMillis(1)).headers())
        .containsExactly(Map.entry("Retry-After", "1"));
    assertThat(ProblemException.retryAfter(busy, Duration.ZERO).headers())
        .containsEntry("Retry-After", "1");
    assertThat(ProblemException.retryAfter(busy, Duration.ofMillis(2_500)).headers())
        .containsEntry("Retry-After", "3");
    assertThat(ProblemException.retryAfter(busy, Duration.ofSeconds(5)).headers())
        .containsEntry("Retry-After", "5");
  }

  @Test
  void unauthorizedCarriesBearerChallenge() {
    ProblemException e = ProblemException.unauthorized("invalid-token", "token has expired");

    assertThat(e.problem().status()).isEqualTo(401);
    assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(e.getMessage()).isEqualTo("401 invalid-token: token has expired");
  }

  @Test
  void refusesHeadersThatCouldSplitTheResponse() {
    assertThatThrownBy(() -> new ProblemException(busy, Map.of("X-Bad", "a\r\nSet-Cookie: x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Bad");
    assertThatThrownBy(() -> new ProblemException(busy, Map.of("Bad Name", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad Name");
  }
}
