package io.livecomments.poller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.poller.snapshot.CachedSnapshots;
import io.livecomments.poller.snapshot.EncodedSnapshot;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeldPollsTest {
  private static final long T0 = 1_700_000_000L;
  private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(T0));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final InMemorySnapshotStore store = InMemorySnapshotStore.withDefaults(clock);
  private final CachedSnapshots snapshots =
      new CachedSnapshots(store, new CommentJson(), clock, 1_000);
  private final HeldPolls held =
      new HeldPolls(snapshots, scheduler, clock, Duration.ofMillis(100), 3, 5);
  private final VideoId video = new VideoId("v1");

  @AfterEach
  void close() {
    held.close();
    store.close();
  }

  @Test
  void everyPollOfASecondIsAnsweredOnceItIsWrittenWithOneStoreCheckPerTick() {
    List<Recorder> polls = List.of(new Recorder(), new Recorder(), new Recorder());
    for (Recorder poll : polls) {
      assertThat(held.hold(video, T0, clock.millis() + 1500, poll)).isTrue();
    }

    long before = snapshots.storeReads();
    scheduler.advance(Duration.ofMillis(100));
    assertThat(snapshots.storeReads() - before).as("one latest check for three polls").isEqualTo(1);

    store.put(Snapshot.empty(video, T0, 9));
    scheduler.advance(Duration.ofMillis(100));

    for (Recorder poll : polls) {
      assertThat(poll.written).extracting(s -> s.snapshot().lastSeq()).containsExactly(9L);
      assertThat(poll.timedOut).isEmpty();
    }
    assertThat(held.size()).isZero();
  }

  @Test
  void aPollNotWrittenByItsDeadlineTimesOutWithTheLatestSecond() {
    store.put(Snapshot.empty(video, T0 - 1, 0));
    Recorder poll = new Recorder();
    held.hold(video, T0, clock.millis() + 1500, poll);

    scheduler.advance(Duration.ofMillis(1400));
    assertThat(poll.timedOut).isEmpty();
    scheduler.advance(Duration.ofMillis(200));

    assertThat(poll.timedOut).containsExactly(OptionalLong.of(T0 - 1));
    assertThat(held.size()).isZero();
  }

  @Test
  void holdsAreBoundedPerVideoAndOverall() {
    for (int i = 0; i < 3; i++) {
      assertThat(held.hold(video, T0, clock.millis() + 1500, new Recorder())).isTrue();
    }
    assertThat(held.hold(video, T0, clock.millis() + 1500, new Recorder())).isFalse();
    assertThat(held.hold(new VideoId("v2"), T0, clock.millis() + 1500, new Recorder())).isTrue();
    assertThat(held.hold(new VideoId("v3"), T0, clock.millis() + 1500, new Recorder())).isTrue();
    assertThat(held.hold(new VideoId("v4"), T0, clock.millis() + 1500, new Recorder())).isFalse();
  }

  @Test
  void closingTimesOutWhatIsHeld() {
    Recorder poll = new Recorder();
    held.hold(video, T0, clock.millis() + 1500, poll);

    held.close();

    assertThat(poll.timedOut).containsExactly(OptionalLong.empty());
  }

  private static final class Recorder implements HeldPolls.Outcome {
    final List<EncodedSnapshot> written = new ArrayList<>();
    final List<OptionalLong> timedOut = new ArrayList<>();

    @Override
    public void written(EncodedSnapshot snapshot) {
      written.add(snapshot);
    }

    @Override
    public void timedOut(OptionalLong latestSecond) {
      timedOut.add(latestSecond);
    }
  }
}
