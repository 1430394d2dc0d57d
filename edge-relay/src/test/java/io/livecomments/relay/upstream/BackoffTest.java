package io.livecomments.relay.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void delaysGrowExponentiallyUpToTheCapAndNeverDropBelowHalfTheBase() {
    RandomGenerator random = new SplittableRandom(7);
    for (int attempt = 0; attempt < 40; attempt++) {
      long ceiling = Math.min(2_000, 100L << Math.min(attempt, 20));
      for (int i = 0; i < 50; i++) {
        assertThat(backoff.delay(attempt, random).toMillis()).isBetween(50L, ceiling);
      }
    }
  }

  @Test
  void relaysRetryingTogetherSpreadOut() {
    RandomGenerator random = new SplittableRandom(11);
    long distinct =
        java.util.stream.IntStream.range(0, 100)
            .mapToLong(i -> backoff.delay(5, random).toMillis())
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(50);
  }

  @Test
  void aBaseAboveTheCapIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(1)))
        .hasMessageContaining("0 < base <= max");
  }
}
