package io.livecomments.origin.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

  @Test
  void failuresInARowOpenItAndASuccessInBetweenStartsTheCountOver() {
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

    breaker.failed();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.allow()).isFalse();
  }

  @Test
  void afterTheOpenTimeOneTrialGoesThroughAndItsOutcomeDecides() {
    for (int i = 0; i < 3; i++) {
      breaker.failed();
    }
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.allow()).as("one trial at a time").isFalse();

    breaker.failed();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.allow()).isTrue();
    breaker.succeeded();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.allow()).isTrue();
  }
}
