package io.livecomments.time;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Where every bounded Caffeine cache here starts: time from the injected clock, never from {@code
 * System}, so tests drive expiry with a manual clock; maintenance (expiry, eviction) on the calling
 * thread, so no cache work ever lands on the common pool.
 */
public final class ClockedCaches {
  private ClockedCaches() {}

  /**
   * A builder of caches holding at most {@code maximumSize} entries, timed by {@code clock}; add
   * the expiry and build.
   */
  public static Caffeine<Object, Object> builder(InstantSource clock, long maximumSize) {
    return Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(ticker(clock))
        .executor(Runnable::run);
  }

  /** Caffeine reads nanoseconds; an {@link InstantSource} hands out instants. */
  public static Ticker ticker(InstantSource clock) {
    Objects.requireNonNull(clock, "clock");
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
