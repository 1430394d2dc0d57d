package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NchanTargetTest {
  @Test
  void ordersNchanIdsByTimeThenTag() {
    assertThat(NchanTarget.order("1700000000:3")).isGreaterThan(NchanTarget.order("1700000000:2"));
    assertThat(NchanTarget.order("1700000001:0")).isGreaterThan(NchanTarget.order("1700000000:9"));
    assertThat(NchanTarget.order("1700000000:[1]")).isEqualTo(NchanTarget.order("1700000000:1"));
    assertThat(NchanTarget.order("garbage")).isEqualTo(Target.UNKNOWN_ORDER);
  }
}
