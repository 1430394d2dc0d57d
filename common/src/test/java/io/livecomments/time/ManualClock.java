package io.livecomments.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link InstantSource} that only moves when a test moves it. Thread-safe: code under test may
 * read it from any thread while the test sets or advances it.
 */
public final class ManualClock implements InstantSource {
  /** Where a clock made with {@link #ManualClock()} starts: a fixed, unremarkable instant. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;

  public ManualClock() {
    this(DEFAULT_START);
  }

  public ManualClock(Instant start) {
    now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock to {@code instant}, forwards or backwards. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the clock forwards by {@code duration}.
   *
   * @return the new time
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    return now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
