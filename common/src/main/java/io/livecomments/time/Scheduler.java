package io.livecomments.time;

import java.time.Duration;

/**
 * Runs tasks later. Injected everywhere time passes so tests drive it by hand (see {@code
 * ManualScheduler} in the test-jar) instead of sleeping.
 */
public interface Scheduler {
  /** A scheduled task that can still be called off. */
  interface Cancellable {
    /** Calls the task off; harmless when it already ran. */
    void cancel();
  }

  /** Runs {@code task} once after {@code delay} on one of the scheduler's threads. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} every {@code period}, first after one period, until cancelled. */
  Cancellable scheduleAtFixedRate(Duration period, Runnable task);
}
