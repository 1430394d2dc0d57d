package io.livecomments.origin.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotSchedule;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotWriterTest {
  private static final long T0 = 1_700_000_000L;
  private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(T0));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final SnapshotStore memory = InMemorySnapshotStore.withDefaults(clock);
  private boolean storeDown;
  private final SnapshotStore store =
      new SnapshotStore() {
        @Override
        public void put(Snapshot snapshot) {
          if (storeDown) {
            throw new IllegalStateException("redis down");
          }
          memory.put(snapshot);
        }

        @Override
        public Optional<Snapshot> get(VideoId videoId, long second) {
          return memory.get(videoId, second);
        }

        @Override
        public OptionalLong latestSecond(VideoId videoId) {
          return memory.latestSecond(videoId);
        }

        @Override
        public void close() {
          memory.close();
        }
      };
  private final SnapshotWriter writer = SnapshotWriter.withDefaults(store, scheduler, clock);

  /** The last seq of each batch reported stored, in the order of the reports. */
  private final List<Long> stored = new ArrayList<>();

  private final VideoId video = new VideoId("v1");
  private long nextSeq = 1;

  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  @Test
  void aSecondIsWrittenOnceItHasClosed() {
    accept(batch(3));

    scheduler.advance(Duration.ofMillis(1100));
    assertThat(store.get(video, T0)).as("inside the margin").isEmpty();
    scheduler.advance(Duration.ofMillis(200));

    Snapshot snapshot = store.get(video, T0).orElseThrow();
    assertThat(snapshot.comments()).extracting(Comment::seq).containsExactly(1L, 2L, 3L);
    assertThat(snapshot.represents()).isEqualTo(3);
    assertThat(snapshot.lastSeq()).isEqualTo(3);
    assertThat(store.latestSecond(video)).hasValue(T0);
  }

  @Test
  void everySecondIsStoredWithinTheScheduleThatPollersHoldBy() {
    SnapshotSchedule schedule = SnapshotSchedule.DEFAULT;
    accept(batch(1));
    for (long second = T0; second < T0 + 5; second++) {
      // A writer on schedule: stored before the allowance for a slow put even begins.
      long due = schedule.storedByMillis(second) - schedule.allowance().toMillis();
      scheduler.advance(Duration.ofMillis(due - clock.millis()));

      assertThat(store.get(video, second)).as("second %s by %s", second, due).isPresent();
    }
  }

  @Test
  void quietSecondsAreWrittenEmptyCarryingTheCursorAndPartitionTheLog() {
    accept(batch(2));
    scheduler.advance(Duration.ofMillis(2500));
    accept(batch(4));
    scheduler.advance(Duration.ofSeconds(3));

    List<Snapshot> seconds = new ArrayList<>();
    for (long s = T0; s <= T0 + 4; s++) {
      seconds.add(store.get(video, s).orElseThrow());
    }
    assertThat(seconds).extracting(Snapshot::lastSeq).containsExactly(2L, 2L, 6L, 6L, 6L);
    assertThat(seconds.get(1).comments()).isEmpty();
    // Each second starts right after the previous second's cursor: no gap, no duplicate.
    for (int i = 1; i < seconds.size(); i++) {
      for (Comment c : seconds.get(i).comments()) {
        assertThat(c.seq()).isGreaterThan(seconds.get(i - 1).lastSeq());
      }
    }
  }

  @Test
  void aHotSecondKeepsAtMostOneHundredAndCountsAll() {
    for (int i = 0; i < 25; i++) {
      accept(batch(10));
    }
    scheduler.advance(Duration.ofMillis(1300));

    Snapshot snapshot = store.get(video, T0).orElseThrow();
    assertThat(snapshot.comments()).hasSize(100);
    assertThat(snapshot.represents()).isEqualTo(250);
    assertThat(snapshot.lastSeq()).isEqualTo(250);
    assertThat(snapshot.comments()).filteredOn(c -> c.author().priority()).hasSize(25);
  }

  @Test
  void replayedCommentsAreSkipped() {
    CommentBatch first = batch(3);
    accept(first);
    accept(first);
    scheduler.advance(Duration.ofMillis(1300));

    assertThat(store.get(video, T0).orElseThrow().represents()).isEqualTo(3);
  }

  @Test
  void aLateBatchNeverLandsInAClosedSecond() {
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1300));
    clock.set(Instant.ofEpochSecond(T0)); // the clock steps back
    accept(batch(1));
    clock.set(Instant.ofEpochSecond(T0 + 1, 300_000_000));
    scheduler.advance(Duration.ofMillis(1000));

    assertThat(store.get(video, T0).orElseThrow().lastSeq()).isEqualTo(1);
    assertThat(store.get(video, T0 + 1).orElseThrow().lastSeq()).isEqualTo(2);
  }

  @Test
  void aVideoQuietForTheRetentionIsForgotten() {
    accept(batch(1));
    scheduler.advance(SnapshotStore.RETENTION.plusSeconds(2));

    assertThat(writer.activeVideos()).isZero();
    long last = store.latestSecond(video).orElseThrow();
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(store.latestSecond(video)).hasValue(last);
  }

  @Test
  void afterAStalledTickerOnlySecondsWithinRetentionAreWrittenAndTheCursorCarries() {
    accept(batch(1));
    clock.advance(Duration.ofHours(1)); // the ticker did not run meanwhile

    writer.closeSeconds();

    long now = T0 + 3600;
    assertThat(store.get(video, T0)).as("older than retention: pollers get 410").isEmpty();
    assertThat(store.get(video, T0 + 100)).isEmpty();
    assertThat(store.get(video, now - 30).orElseThrow().lastSeq()).isEqualTo(1);
    assertThat(store.latestSecond(video)).as("inside the margin of now - 1").hasValue(now - 2);
    assertThat(stored).as("its second was given up, so reported").containsExactly(1L);
  }

  @Test
  void aBatchIsReportedStoredOnlyOnceItsSecondIsInTheStore() {
    accept(batch(3));
    scheduler.advance(Duration.ofMillis(900));
    accept(batch(2));

    scheduler.advance(Duration.ofMillis(200));
    assertThat(stored).as("second still open").isEmpty();
    scheduler.advance(Duration.ofMillis(200));

    assertThat(store.get(video, T0)).isPresent();
    assertThat(stored).containsExactly(3L, 5L);
  }

  @Test
  void aFailingStoreHoldsTheReportUntilARetryStoresTheSecond() {
    storeDown = true;
    accept(batch(1));
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(stored).isEmpty();

    storeDown = false;
    scheduler.advance(Duration.ofMillis(100));

    assertThat(store.get(video, T0)).isPresent();
    assertThat(stored).containsExactly(1L);
  }

  @Test
  void aBatchOfReplaysIsReportedWithTheSecondItArrivedIn() {
    CommentBatch first = batch(2);
    accept(first);
    scheduler.advance(Duration.ofMillis(1300));
    assertThat(stored).containsExactly(2L);

    accept(first);
    assertThat(stored).as("not at once").containsExactly(2L);
    scheduler.advance(Duration.ofMillis(1000));

    assertThat(stored).containsExactly(2L, 2L);
    assertThat(store.get(video, T0 + 1).orElseThrow().comments()).isEmpty();
  }

  @Test
  void closingDropsUnwrittenSecondsWithoutReportingThem() {
    accept(batch(1));
    writer.close();

    scheduler.advance(Duration.ofSeconds(3));

    assertThat(store.get(video, T0)).isEmpty();
    assertThat(stored).isEmpty();
  }

  @Test
  void theSecondAHideIsPublishedInListsItAndLeavesItsOwnHiddenCommentsOut() {
    accept(batch(2));
    scheduler.advance(Duration.ofMillis(1300));
    accept(batch(1));
    accept(CommentBatch.of(video, List.of(hide(nextSeq++, "c1", "c3"))));
    scheduler.advance(Duration.ofMillis(1000));

    Snapshot first = store.get(video, T0).orElseThrow();
    assertThat(first.comments()).extracting(Comment::id).containsExactly("c1", "c2");
    Snapshot second = store.get(video, T0 + 1).orElseThrow();
    assertThat(second.comments()).isEmpty();
    assertThat(second.represents()).isZero();
    assertThat(second.hidden()).containsExactly("c1", "c3");
    assertThat(second.lastSeq()).as("the decision moves the cursor").isEqualTo(4);
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1000));
    assertThat(store.get(video, T0 + 2).orElseThrow().hidden()).isEmpty();
  }

  /** Hands a batch to the writer, noting its last seq when the writer reports it stored. */
  private void accept(CommentBatch batch) {
    writer.accept(batch, () -> stored.add(batch.lastSeq()));
  }

  private Comment hide(long seq, String... ids) {
    return new Comment(
        "d" + seq,
        video,
        seq,
        new Author("m", "M"),
        "",
        seq,
        new Moderation(Moderation.Action.HIDE, List.of(ids), "spam"));
  }

  private CommentBatch batch(int count) {
    List<Comment> comments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seq = nextSeq++;
      comments.add(
          new Comment("c" + seq, video, seq, new Author("u", "U", seq % 10 == 0), "hi", seq));
    }
    return CommentBatch.of(video, comments);
  }
}
