package io.livecomments.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} in virtual time: nothing runs until the test calls {@link #advance} or {@link
 * #runDue}, and then tasks run on the test's thread, one at a time, in order of due time (ties in
 * the order they were scheduled), with the {@link ManualClock} set to each task's due time while it
 * runs. Repeating tasks and tasks scheduled by tasks run too if they fall due within the advance.
 *
 * <p>Tasks may be scheduled and cancelled from any thread; they run outside the scheduler's lock,
 * so a task may schedule and cancel freely. A task that throws stops the advance and the exception
 * reaches the test (a repeating task keeps its next run, as {@link ExecutorScheduler} does). A
 * negative delay counts as zero.
 */
public final class ManualScheduler implements Scheduler {
  /** Runs per call past which a task that keeps rescheduling itself at once counts as a bug. */
  static final int MAX_RUNS_PER_CALL = 1_000_000;

  private final ManualClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order));
  private long nextOrder;

  public ManualScheduler(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ManualClock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    return add(delay.isNegative() ? Duration.ZERO : delay, null, task);
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration period, Runnable task) {
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    return add(period, period, task);
  }

  /**
   * Moves the clock forwards by {@code duration}, running every task that falls due on the way.
   *
   * @return how many task runs there were
   */
  public int advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    Instant target = clock.instant().plus(duration);
    int runs = runUntil(target);
    clock.set(target);
    return runs;
  }

  /**
   * Runs every task due now, including those they schedule for now, without moving the clock.
   *
   * @return how many task runs there were
   */
  public int runDue() {
    return runUntil(clock.instant());
  }

  /** Tasks scheduled and not yet run or cancelled (a repeating task counts once). */
  public synchronized int pendingCount() {
    return queue.size();
  }

  private int runUntil(Instant target) {
    int runs = 0;
    for (Task task = nextDue(target); task != null; task = nextDue(target)) {
      if (++runs > MAX_RUNS_PER_CALL) {
        throw new IllegalStateException(
            "more than " + MAX_RUNS_PER_CALL + " runs before " + target + ": a task loops");
      }
      task.runnable.run();
    }
    return runs;
  }

  /** Takes the next task due by {@code target} (re-queueing it if it repeats), moving the clock. */
  private synchronized Task nextDue(Instant target) {
    Task task = queue.peek();
    if (task == null || task.due.isAfter(target)) {
      return null;
    }
    queue.poll();
    if (task.due.isAfter(clock.instant())) {
      clock.set(task.due);
    }
    if (task.period != null) {
      // Re-queued before it runs, so the task can cancel itself from inside its run.
      Task next =
          new Task(
              task.handle, task.due.plus(task.period), task.period, task.runnable, nextOrder++);
      task.handle.current = next;
      queue.add(next);
    }
    return task;
  }

  private synchronized Cancellable add(Duration delay, Duration period, Runnable runnable) {
    Objects.requireNonNull(runnable, "task");
    Handle handle = new Handle();
    Task task = new Task(handle, clock.instant().plus(delay), period, runnable, nextOrder++);
    handle.current = task;
    queue.add(task);
    return handle;
  }

  private synchronized void cancel(Handle handle) {
    queue.remove(handle.current);
  }

  /** What a caller holds: follows a repeating task from one run to the next. */
  private final class Handle implements Cancellable {
    private Task current;

    @Override
    public void cancel() {
      ManualScheduler.this.cancel(this);
    }
  }

  private static final class Task {
    final Handle handle;
    final Instant due;
    final Duration period;
    final Runnable runnable;
    final long order;

    Task(Handle handle, Instant due, Duration period, Runnable runnable, long order) {
      this.handle = handle;
      this.due = due;
      this.period = period;
      this.runnable = runnable;
      this.order = order;
    }
  }
}
