package io.livecomments.bench;

import java.time.Instant;

/**
 * Epoch microseconds from the monotonic clock, anchored to the wall clock once. Send and receive
 * times are both read here, in one process, so a latency is never skewed by a wall-clock step
 * during the run. Thread-safe and allocation-free.
 */
final class EpochMicros {
  private final long anchorNanos;
  private final long anchorMicros;

  EpochMicros() {
    anchorNanos = System.nanoTime();
    Instant now = Instant.now();
    anchorMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  long now() {
    return fromNanoTime(System.nanoTime());
  }

  /** The epoch micros of a {@link System#nanoTime()} reading, e.g. a scheduled send time. */
  long fromNanoTime(long nanoTime) {
    return anchorMicros + (nanoTime - anchorNanos) / 1_000;
  }
}
