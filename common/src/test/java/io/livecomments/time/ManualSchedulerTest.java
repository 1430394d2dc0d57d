package io.livecomments.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Instant start = clock.instant();
  private final List<String> runs = new ArrayList<>();

  private Runnable record(String name) {
    return () -> runs.add(name + "@" + Duration.between(start, clock.instant()).toMillis());
  }

  @Test
  void nothingRunsUntilTimeIsAdvanced() {
    scheduler.schedule(Duration.ofMillis(10), record("a"));

    assertThat(runs).isEmpty();
    assertThat(scheduler.pendingCount()).isEqualTo(1);
    assertThat(scheduler.advance(Duration.ofMillis(9))).isZero();
    assertThat(runs).isEmpty();
    assertThat(scheduler.advance(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(runs).containsExactly("a@10");
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void runsTasksInDueOrderWithTheClockAtEachDueTimeAndTiesInSchedulingOrder() {
    scheduler.schedule(Duration.ofMillis(30), record("c"));
    scheduler.schedule(Duration.ofMillis(10), record("a"));
    scheduler.schedule(Duration.ofMillis(30), record("d"));
    scheduler.schedule(Duration.ofMillis(20), record("b"));

    scheduler.advance(Duration.ofMillis(100));

    assertThat(runs).containsExactly("a@10", "b@20", "c@30", "d@30");
    assertThat(clock.instant()).isEqualTo(start.plusMillis(100));
  }

  @Test
  void repeatingTaskRunsOncePerPeriodUntilCancelled() {
    Scheduler.Cancellable tick = scheduler.scheduleAtFixedRate(Duration.ofMillis(10), record("t"));

    assertThat(scheduler.advance(Duration.ofMillis(35))).isEqualTo(3);
    assertThat(runs).containsExactly("t@10", "t@20", "t@30");
    assertThat(scheduler.pendingCount()).isEqualTo(1);

    tick.cancel();
    scheduler.advance(Duration.ofMillis(100));
    assertThat(runs).hasSize(3);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void repeatingTaskCanCancelItselfFromItsOwnRun() {
    List<Scheduler.Cancellable> handle = new ArrayList<>();
    handle.add(
        scheduler.scheduleAtFixedRate(
            Duration.ofMillis(10),
            () -> {
              record("t").run();
              if (runs.size() == 2) {
                handle.get(0).cancel();
              }
            }));

    scheduler.advance(Duration.ofMillis(100));

    assertThat(runs).containsExactly("t@10", "t@20");
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void tasksScheduledByTasksRunWithinTheSameAdvanceWhenDue() {
    scheduler.schedule(
        Duration.ofMillis(10),
        () -> {
          record("a").run();
          scheduler.schedule(Duration.ofMillis(5), record("b"));
          scheduler.schedule(Duration.ofMillis(50), record("late"));
        });

    scheduler.advance(Duration.ofMillis(20));

    assertThat(runs).containsExactly("a@10", "b@15");
    assertThat(scheduler.pendingCount()).isEqualTo(1);
  }

  @Test
  void runDueRunsWhatIsDueNowIncludingWhatItSchedulesForNowWithoutMovingTheClock() {
    scheduler.schedule(Duration.ZERO, () -> scheduler.schedule(Duration.ZERO, record("b")));
    scheduler.schedule(Duration.ofMillis(-5), record("a"));
    scheduler.schedule(Duration.ofMillis(1), record("later"));

    assertThat(scheduler.runDue()).isEqualTo(3);

    assertThat(runs).containsExactly("a@0", "b@0");
    assertThat(clock.instant()).isEqualTo(start);
    assertThat(scheduler.pendingCount()).isEqualTo(1);
  }

  @Test
  void cancelledTaskNeverRunsAndCancellingTwiceOrAfterTheRunIsHarmless() {
    Scheduler.Cancellable a = scheduler.schedule(Duration.ofMillis(10), record("a"));
    Scheduler.Cancellable b = scheduler.schedule(Duration.ofMillis(10), record("b"));

    a.cancel();
    a.cancel();
    scheduler.advance(Duration.ofMillis(10));
    b.cancel();

    assertThat(runs).containsExactly("b@10");
  }

  @Test
  void taskFailureReachesTheTestAndLeavesLaterTasksPending() {
    scheduler.schedule(
        Duration.ofMillis(10),
        () -> {
          throw new IllegalStateException("boom");
        });
    scheduler.schedule(Duration.ofMillis(20), record("b"));

    assertThatThrownBy(() -> scheduler.advance(Duration.ofMillis(30))).hasMessage("boom");
    assertThat(clock.instant()).isEqualTo(start.plusMillis(10));
    assertThat(scheduler.pendingCount()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(20));
    assertThat(runs).containsExactly("b@20");
  }

  @Test
  void taskThatKeepsReschedulingItselfAtOnceIsReportedInsteadOfHanging() {
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> scheduler.schedule(Duration.ZERO, loop[0]);
    scheduler.schedule(Duration.ZERO, loop[0]);

    assertThatThrownBy(scheduler::runDue)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loops");
  }

  @Test
  void rejectsNonPositivePeriodsAndNegativeAdvances() {
    assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(Duration.ZERO, () -> {}))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> scheduler.advance(Duration.ofMillis(-1)))
        .hasMessageContaining("PT-0.001S");
  }
}
