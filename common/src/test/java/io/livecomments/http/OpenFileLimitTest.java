package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenFileLimitTest {
  @Test
  void theDefaultCapLeavesHeadroomBelowTheLimit() {
    assertThat(new OpenFileLimit(20_000).defaultMaxConnections()).isEqualTo(14_808);
    assertThat(new OpenFileLimit(1_024).defaultMaxConnections()).isEqualTo(576);
    assertThat(new OpenFileLimit(100).defaultMaxConnections()).isEqualTo(1);
  }

  @Test
  void sharesAreTakenOfWhatIsLeftAfterTheReserve() {
    OpenFileLimit limit = new OpenFileLimit(10_000);

    assertThat(limit.share(0.5, 2_000)).isEqualTo(4_000);
    assertThat(limit.share(1, 0)).isEqualTo(10_000);
    assertThat(new OpenFileLimit(Long.MAX_VALUE).share(1, 0)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> limit.share(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limit.share(0.5, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisProcessHasALimit() {
    assertThat(OpenFileLimit.current().max()).isPositive();
  }
}
