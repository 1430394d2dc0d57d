package io.livecomments.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void numberedThreadsAreDaemonsCountedFromOne() {
    ThreadFactory factory = DaemonThreads.numbered("lc-test");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertThat(first.getName()).isEqualTo("lc-test-1");
    assertThat(second.getName()).isEqualTo("lc-test-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
  }

  @Test
  void namedThreadsAreDaemonsOfThatName() {
    Thread thread = DaemonThreads.named("lc-single").newThread(() -> {});

    assertThat(thread.getName()).isEqualTo("lc-single");
    assertThat(thread.isDaemon()).isTrue();
  }
}
