package io.livecomments.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockedCachesTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void entriesExpireByTheInjectedClock() {
    Cache<String, String> cache =
        ClockedCaches.builder(clock, 10).expireAfterWrite(Duration.ofSeconds(5)).build();
    cache.put("k", "v");

    clock.advance(Duration.ofMillis(4999));
    assertThat(cache.getIfPresent("k")).isEqualTo("v");
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void theSizeBoundHoldsWithoutAnotherThread() {
    Cache<Integer, Integer> cache = ClockedCaches.builder(clock, 3).build();
    for (int i = 0; i < 100; i++) {
      cache.put(i, i);
    }

    cache.cleanUp();
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(3);
  }

  @Test
  void theTickerReadsNanosecondsOfTheClock() {
    assertThat(ClockedCaches.ticker(clock).read())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    clock.advance(Duration.ofNanos(7));
    assertThat(ClockedCaches.ticker(clock).read() % 1_000_000_000L).isEqualTo(7);
  }
}
