package io.livecomments.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import io.livecomments.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemorySnapshotStoreTest extends SnapshotStoreContract {
  private final ManualClock clock = new ManualClock();

  @Override
  protected SnapshotStore createStore() {
    return InMemorySnapshotStore.withDefaults(clock);
  }

  @Test
  void snapshotsExpireAfterRetention() {
    VideoId video = newVideo();
    store.put(Snapshot.empty(video, SECOND, 3));

    clock.advance(SnapshotStore.RETENTION.minusSeconds(1));
    assertThat(store.get(video, SECOND)).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.get(video, SECOND)).isEmpty();
    assertThat(store.latestSecond(video)).isEmpty();
  }

  @Test
  void closedStoreRefusesUse() {
    InMemorySnapshotStore closed = InMemorySnapshotStore.withDefaults(clock);
    closed.close();

    assertThatThrownBy(() -> closed.latestSecond(newVideo()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new InMemorySnapshotStore(Duration.ZERO, 1, clock))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new InMemorySnapshotStore(Duration.ofSeconds(1), 0, clock))
        .hasMessageContaining(": 0");
  }
}
