package io.livecomments.origin.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InflightPostsTest {
  @Test
  void refusesPastItsBoundAndTakesAgainOnceOneIsReleased() {
    InflightPosts inflight = new InflightPosts(2);
    assertThat(inflight.tryAcquire()).isTrue();
    assertThat(inflight.tryAcquire()).isTrue();
    assertThat(inflight.tryAcquire()).isFalse();
    assertThat(inflight.held()).isEqualTo(2);

    inflight.release();
    assertThat(inflight.held()).isEqualTo(1);
    assertThat(inflight.tryAcquire()).isTrue();
    assertThat(inflight.tryAcquire()).isFalse();
  }

  @Test
  void aReleaseWithoutATakeIsABugNotAFreePlace() {
    InflightPosts inflight = new InflightPosts(1);
    assertThatThrownBy(inflight::release).isInstanceOf(IllegalStateException.class);
    assertThat(inflight.held()).isZero();
    assertThat(inflight.tryAcquire()).isTrue();
    assertThat(inflight.tryAcquire()).isFalse();
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new InflightPosts(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
