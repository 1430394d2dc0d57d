package io.livecomments.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RealServersTest {
  @Test
  void aServerThatCannotStartFailsOnCiAndIsSkippedElsewhere() {
    IOException cause = new IOException("no such binary");
    if (RealServers.onCi()) {
      assertThat(RealServers.cannotStart("varnishd could not start", cause))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("varnishd could not start: java.io.IOException: no such binary")
          .hasCause(cause);
    } else {
      assertThatThrownBy(() -> RealServers.cannotStart("varnishd could not start", cause))
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining("varnishd could not start")
          .hasMessageContaining("skipped: not on CI");
    }
  }

  @Test
  void stopAllStopsEveryServerInOrderAndThrowsTheFirstFailureWithTheRestSuppressed() {
    List<String> stopped = new ArrayList<>();
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    AutoCloseable failsFirst =
        () -> {
          stopped.add("a");
          throw first;
        };
    AutoCloseable failsSecond =
        () -> {
          stopped.add("c");
          throw second;
        };

    assertThatThrownBy(
            () -> RealServers.stopAll(failsFirst, null, () -> stopped.add("b"), failsSecond))
        .isInstanceOf(IllegalStateException.class)
        .hasCause(first)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
    assertThat(stopped).containsExactly("a", "b", "c");
  }
}
