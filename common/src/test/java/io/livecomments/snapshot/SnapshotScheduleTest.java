package io.livecomments.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SnapshotScheduleTest {
  @Test
  void aSecondIsStoredByItsEndPlusMarginTickAndAllowance() {
    SnapshotSchedule schedule =
        new SnapshotSchedule(
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500));

    assertThat(schedule.storedByMillis(1_700_000_000L)).isEqualTo(1_700_000_001_800L);
    assertThat(schedule.withAllowance(Duration.ZERO).storedByMillis(9)).isEqualTo(10_300L);
  }

  @Test
  void refusesSchedulesTheWriterCannotKeep() {
    Duration ms100 = Duration.ofMillis(100);
    assertThatThrownBy(() -> new SnapshotSchedule(Duration.ZERO, ms100, ms100))
        .hasMessageContaining("tick");
    assertThatThrownBy(() -> new SnapshotSchedule(ms100, Duration.ofSeconds(1), ms100))
        .hasMessageContaining("margin");
    assertThatThrownBy(() -> new SnapshotSchedule(ms100, ms100, Duration.ofSeconds(11)))
        .hasMessageContaining("allowance");
  }
}
