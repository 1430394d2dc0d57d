package io.livecomments.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: a {@link ScheduledThreadPoolExecutor} over named daemon threads
 * ({@code <name>-1}, {@code <name>-2}, ...), so a forgotten scheduler never keeps the JVM alive.
 *
 * <p>Tasks due at the same time may run in any order and, with more than one thread, concurrently;
 * a repeating task never overlaps itself. A negative delay counts as zero. A task that throws an
 * exception is logged and, if it repeats, keeps its schedule: the executor would otherwise drop
 * every later run without a trace (an {@link Error} is logged and ends the task). Cancelled tasks
 * are removed from the queue at once, so cancelling timeouts never piles up garbage.
 *
 * <p>{@link #close} stops accepting tasks, calls off every pending and repeating one, waits up to
 * {@link #CLOSE_TIMEOUT} for running tasks to finish, then interrupts them. Scheduling after close
 * throws {@link java.util.concurrent.RejectedExecutionException}.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

  private final ScheduledThreadPoolExecutor executor;

  /**
   * @param name prefix of the thread names, e.g. {@code "batcher"}
   * @param threads how many threads run tasks, at least 1
   */
  public ExecutorScheduler(String name, int threads) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: " + name);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    executor = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered(name));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    ScheduledFuture<?> future =
        executor.schedule(logged(task), nanos(delay, "delay"), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration period, Runnable task) {
    Objects.requireNonNull(task, "task");
    long periodNanos = nanos(period, "period");
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    ScheduledFuture<?> future =
        executor.scheduleAtFixedRate(logged(task), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static long nanos(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    return Math.max(0, saturatedNanos(duration));
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static Runnable logged(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("scheduled task {} failed", task, e);
      } catch (Error e) {
        LOG.error("scheduled task {} failed; it will not run again", task, e);
        throw e;
      }
    };
  }
}
