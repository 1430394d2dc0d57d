package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Progress progress =
      new Progress(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new ProcStats(List.of(ProcessHandle.current().pid()), 100));
  private final LoadCounters counters = new LoadCounters();

  @Test
  void afterTheViewersRestartTheIntervalIsWhatTheyRecordedSince() {
    Histogram warmUp = new Histogram(3);
    for (int i = 0; i < 10; i++) {
      warmUp.recordValue(5_000_000);
    }
    // More samples than the warm-up, all of them new, in a histogram of a smaller range.
    Histogram measured = new Histogram(3);
    for (int i = 0; i < 20; i++) {
      measured.recordValue(100_000);
    }

    progress.print("warmup", 1, counters, null, warmUp);
    progress.viewersRestarted();
    progress.print("post", 1, counters, null, measured);

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[1]).contains("last").contains("max 100.0ms").doesNotContain("5000");
  }
}
