package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
  @Test
  void readsUserPlusSystemTicksAfterACommandWithSpaces() {
    String stat =
        "4242 (java (my) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 99 0";

    assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1234 + 567);
    assertThat(ProcStats.systemTicks(stat)).isEqualTo(567);
  }

  @Test
  void readsResidentSetSize() {
    String status = "Name:\tjava\nVmPeak:\t 900 kB\nVmRSS:\t  51200 kB\nThreads:\t30\n";

    assertThat(ProcStats.rssBytes(status)).isEqualTo(51200L * 1024);
  }
}
