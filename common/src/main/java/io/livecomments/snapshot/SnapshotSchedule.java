package io.livecomments.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * When the snapshot writer stores each second, shared by the writer (which keeps it) and the
 * pollers (which hold a poll for an open second until then): second S closes once the clock passes
 * the end of S plus {@code margin}, the writer looks for closed seconds every {@code tick}, and a
 * writer on schedule has then stored S within {@code allowance} (a put, a busy thread, the clocks
 * of writer and poller apart).
 *
 * <p>So S is stored by {@link #storedByMillis}: a poll for S is held until then, and only a second
 * of an active video still missing after it means the writer is behind.
 *
 * @param tick how often the writer looks for closed seconds
 * @param margin how long after a second ends it is closed (room for batches in flight)
 * @param allowance how late a put of a writer on schedule may still land
 */
public record SnapshotSchedule(Duration tick, Duration margin, Duration allowance) {
  /** Ticks every 100 ms, closes 200 ms after a second ends, stores within 500 ms more. */
  public static final SnapshotSchedule DEFAULT =
      new SnapshotSchedule(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500));

  public SnapshotSchedule {
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(margin, "margin");
    Objects.requireNonNull(allowance, "allowance");
    if (tick.toMillis() < 1) {
      throw new IllegalArgumentException("tick must be at least 1 ms: " + tick);
    }
    if (margin.isNegative() || margin.toMillis() >= 1000) {
      throw new IllegalArgumentException("margin must be 0..999 ms: " + margin);
    }
    if (allowance.isNegative() || allowance.toMillis() > 10_000) {
      throw new IllegalArgumentException("allowance must be 0..10 s: " + allowance);
    }
  }

  /** The epoch millisecond by which a writer on schedule has stored {@code second}. */
  public long storedByMillis(long second) {
    return Math.multiplyExact(second + 1, 1000L)
        + margin.toMillis()
        + tick.toMillis()
        + allowance.toMillis();
  }

  public SnapshotSchedule withAllowance(Duration value) {
    return new SnapshotSchedule(tick, margin, value);
  }
}
