package io.livecomments.poller.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedSnapshotsTest {
  private static final long T0 = 1_700_000_000L;
  private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(T0));
  private final InMemorySnapshotStore store = InMemorySnapshotStore.withDefaults(clock);
  private final CachedSnapshots cache = new CachedSnapshots(store, new CommentJson(), clock, 1_000);
  private final VideoId video = new VideoId("v1");

  @Test
  void aClosedSecondIsReadFromTheStoreOnce() {
    store.put(Snapshot.empty(video, T0, 3));

    EncodedSnapshot first = cache.closed(video, T0).orElseThrow();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.closed(video, T0)).containsSame(first);
    }

    assertThat(cache.storeReads()).isEqualTo(1);
    assertThat(first.etag()).startsWith("\"" + T0 + "-3-");
  }

  @Test
  void anAbsentSecondIsAskedAgainUntilItIsWritten() {
    assertThat(cache.closed(video, T0)).isEmpty();
    store.put(Snapshot.empty(video, T0, 3));

    assertThat(cache.closed(video, T0)).isPresent();
    assertThat(cache.storeReads()).isEqualTo(2);
  }

  @Test
  void latestIsReadAtMostOncePerSecond() {
    store.put(Snapshot.empty(video, T0 - 1, 0));
    for (int i = 0; i < 50; i++) {
      assertThat(cache.latest(video)).hasValue(T0 - 1);
    }
    assertThat(cache.storeReads()).isEqualTo(1);

    store.put(Snapshot.empty(video, T0, 0));
    clock.advance(Duration.ofMillis(999));
    assertThat(cache.latest(video)).hasValue(T0 - 1);
    clock.advance(Duration.ofMillis(2));
    assertThat(cache.latest(video)).hasValue(T0);
    assertThat(cache.storeReads()).isEqualTo(2);
  }
}
