package io.livecomments.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
  private final ExecutorScheduler scheduler = new ExecutorScheduler("sched-test", 2);

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void runsTasksOnNamedDaemonThreads() throws Exception {
    BlockingQueue<Thread> ran = new LinkedBlockingQueue<>();

    scheduler.schedule(Duration.ofMillis(1), () -> ran.add(Thread.currentThread()));

    Thread thread = ran.poll(10, TimeUnit.SECONDS);
    assertThat(thread).isNotNull();
    assertThat(thread.getName()).startsWith("sched-test-");
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void repeatingTaskKeepsRunningAfterItThrowsUntilCancelled() {
    AtomicInteger runs = new AtomicInteger();
    Scheduler.Cancellable task =
        scheduler.scheduleAtFixedRate(
            Duration.ofMillis(1),
            () -> {
              runs.incrementAndGet();
              throw new IllegalStateException("task failure on purpose");
            });

    await().until(() -> runs.get() >= 3);
    task.cancel();
    int afterCancel = runs.get();

    // At most one run was already under way when cancel was called.
    await().during(Duration.ofMillis(50)).until(() -> runs.get() <= afterCancel + 1);
  }

  @Test
  void cancelledTaskNeverRuns() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    CountDownLatch later = new CountDownLatch(1);

    scheduler.schedule(Duration.ofMillis(20), ran::countDown).cancel();
    scheduler.schedule(Duration.ofMillis(40), later::countDown);

    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran.getCount()).isEqualTo(1);
  }

  @Test
  void closeStopsTheThreadsAndRefusesNewTasks() {
    scheduler.schedule(Duration.ZERO, () -> {});
    scheduler.scheduleAtFixedRate(Duration.ofMillis(1), () -> {});
    scheduler.schedule(Duration.ofHours(1), () -> {});

    scheduler.close();

    await()
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("sched-test-") && t.isAlive()));
    assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new ExecutorScheduler("x", 0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> new ExecutorScheduler(" ", 1)).hasMessageContaining("name");
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(Duration.ZERO, () -> {}))
        .hasMessageContaining("PT0S");
  }
}
