package io.livecomments.origin.moderation;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Stops calling a failing dependency for a while. Closed: calls go through and {@code threshold}
 * failures in a row open it. Open: calls are refused for {@code openFor}. Then half-open: one call
 * goes through as a trial, its success closes the breaker and its failure opens it again. Time
 * comes from the injected clock. Thread-safe.
 */
public final class CircuitBreaker {
  /** The breaker's state; {@link #gaugeValue} is what the metric shows. */
  public enum State {
    CLOSED(0),
    HALF_OPEN(1),
    OPEN(2);

    private final int gaugeValue;

    State(int gaugeValue) {
      this.gaugeValue = gaugeValue;
    }

    public int gaugeValue() {
      return gaugeValue;
    }
  }

  private final int threshold;
  private final Duration openFor;
  private final InstantSource clock;
  private int failures;
  private long openedAt;
  private boolean open;
  private boolean trialInFlight;

  public CircuitBreaker(int threshold, Duration openFor, InstantSource clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
    }
    this.threshold = threshold;
    this.openFor = Objects.requireNonNull(openFor, "openFor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether a call may go through now; a true in half-open state makes that call the trial. */
  public synchronized boolean allow() {
    if (!open) {
      return true;
    }
    if (clock.millis() - openedAt < openFor.toMillis() || trialInFlight) {
      return false;
    }
    trialInFlight = true;
    return true;
  }

  public synchronized void succeeded() {
    failures = 0;
    open = false;
    trialInFlight = false;
  }

  public synchronized void failed() {
    failures++;
    if (trialInFlight || failures >= threshold) {
      open = true;
      openedAt = clock.millis();
      trialInFlight = false;
    }
  }

  public synchronized State state() {
    if (!open) {
      return State.CLOSED;
    }
    return clock.millis() - openedAt < openFor.toMillis() ? State.OPEN : State.HALF_OPEN;
  }
}
