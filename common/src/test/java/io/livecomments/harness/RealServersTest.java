package io.livecomments.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
}
