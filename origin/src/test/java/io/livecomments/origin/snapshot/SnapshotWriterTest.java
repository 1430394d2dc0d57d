package io.livecomments.origin.snapshot;

import static io.livecomments.comment.LogDecisions.hide;
import static io.livecomments.comment.LogDecisions.unhide;
import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** The comments the writer's lookup knows (as the store would), and the ids it was asked for. */
  private final Map<String, Comment> known = new HashMap<>();

  private final List<String> lookedUp = new ArrayList<>();
  private boolean lookupDown;
  private final SnapshotWriter writer =
      SnapshotWriter.withDefaults(
          store,
          (videoId, commentId) -> {
            lookedUp.add(commentId);
            if (lookupDown) {
              throw new IllegalStateException("dynamodb down");
            }
            Comment comment = known.get(commentId);
            return comment != null && comment.videoId().equals(videoId)
                ? Optional.of(comment)
                : Optional.empty();
          },
          scheduler,
          clock);

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
    accept(CommentBatch.of(video, List.of(hide(video, nextSeq++, "c1", "c3"))));
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

  @Test
  void theSecondAnUnhideIsPublishedInCarriesTheCommentInFullLookedUpByTheTicker() {
    accept(batch(2));
    scheduler.advance(Duration.ofMillis(1300));
    accept(CommentBatch.of(video, List.of(hide(video, nextSeq++, "c1"))));
    scheduler.advance(Duration.ofMillis(1000));
    accept(CommentBatch.of(video, List.of(unhide(video, nextSeq++, "c1"))));
    assertThat(lookedUp).as("never on the batcher's thread").isEmpty();
    scheduler.advance(Duration.ofMillis(1000));

    assertThat(store.get(video, T0 + 1).orElseThrow().hidden()).containsExactly("c1");
    Snapshot restoring = store.get(video, T0 + 2).orElseThrow();
    assertThat(restoring.restored()).containsExactly(known.get("c1"));
    assertThat(restoring.restored().get(0).seq()).as("its own seq").isEqualTo(1);
    assertThat(restoring.comments()).isEmpty();
    assertThat(restoring.hidden()).isEmpty();
    assertThat(restoring.lastSeq()).as("the unhide moves the cursor").isEqualTo(4);
    assertThat(lookedUp).containsExactly("c1");
    assertThat(stored).containsExactly(2L, 3L, 4L);
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1000));
    assertThat(store.get(video, T0 + 3).orElseThrow().restored()).isEmpty();
  }

  @Test
  void restoredCommentsAreOldestFirst() {
    accept(batch(3));
    scheduler.advance(Duration.ofMillis(1300));
    accept(
        CommentBatch.of(
            video, List.of(unhide(video, nextSeq++, "c3"), unhide(video, nextSeq++, "c1"))));
    scheduler.advance(Duration.ofMillis(1000));

    assertThat(store.get(video, T0 + 1).orElseThrow().restored())
        .extracting(Comment::id)
        .containsExactly("c1", "c3");
  }

  @Test
  void aFailingLookupHoldsTheSecondAndLaterOnesUntilARetryStoresThemInOrder() {
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1300));
    lookupDown = true;
    accept(CommentBatch.of(video, List.of(unhide(video, nextSeq++, "c1"))));
    scheduler.advance(Duration.ofMillis(1000));
    accept(batch(1));
    scheduler.advance(Duration.ofSeconds(3));

    assertThat(store.get(video, T0 + 1)).isEmpty();
    assertThat(store.get(video, T0 + 2)).as("seconds are stored in order").isEmpty();
    assertThat(store.latestSecond(video)).hasValue(T0);
    assertThat(stored).containsExactly(1L);
    assertThat(lookedUp).as("retried every tick").hasSizeGreaterThan(1);

    lookupDown = false;
    scheduler.advance(Duration.ofMillis(100));

    assertThat(store.get(video, T0 + 1).orElseThrow().restored()).containsExactly(known.get("c1"));
    assertThat(store.get(video, T0 + 2).orElseThrow().comments())
        .extracting(Comment::id)
        .containsExactly("c3");
    assertThat(stored).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aStoreFailureAfterTheLookupRetriesThePutWithoutLookingUpAgain() {
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1300));
    storeDown = true;
    accept(CommentBatch.of(video, List.of(unhide(video, nextSeq++, "c1"))));
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(store.get(video, T0 + 1)).isEmpty();

    storeDown = false;
    scheduler.advance(Duration.ofMillis(100));

    assertThat(store.get(video, T0 + 1).orElseThrow().restored()).containsExactly(known.get("c1"));
    assertThat(lookedUp).containsExactly("c1");
  }

  @Test
  void aCommentNotFoundIsLeftOutAndTheSecondWrittenWithoutIt() {
    accept(batch(1));
    scheduler.advance(Duration.ofMillis(1300));
    known.remove("c1");
    accept(CommentBatch.of(video, List.of(unhide(video, nextSeq++, "c1", "gone"))));
    scheduler.advance(Duration.ofMillis(1000));

    Snapshot second = store.get(video, T0 + 1).orElseThrow();
    assertThat(second.restored()).isEmpty();
    assertThat(second.lastSeq()).isEqualTo(2);
    assertThat(lookedUp).containsExactly("c1", "gone");
    assertThat(stored).containsExactly(1L, 2L);
  }

  @Test
  void withinOneSecondTheLatestDecisionAboutACommentWins() {
    accept(batch(2)); // c1, c2
    scheduler.advance(Duration.ofMillis(1300));
    accept(batch(1)); // c3, published in this second
    accept(
        CommentBatch.of(
            video,
            List.of(
                hide(video, nextSeq++, "c3"),
                hide(video, nextSeq++, "c1"),
                unhide(video, nextSeq++, "c2"),
                unhide(video, nextSeq++, "c3", "c1"),
                hide(video, nextSeq++, "c2"))));
    scheduler.advance(Duration.ofMillis(1000));

    Snapshot second = store.get(video, T0 + 1).orElseThrow();
    assertThat(second.comments())
        .as("its own comment, shown again")
        .extracting(Comment::id)
        .containsExactly("c3");
    assertThat(second.hidden()).as("unhidden, then hidden").containsExactly("c2");
    assertThat(second.restored()).as("hidden, then unhidden").containsExactly(known.get("c1"));
    assertThat(lookedUp).as("c3 needs no restoring").containsExactly("c1");
  }

  /** Hands a batch to the writer, noting its last seq when the writer reports it stored. */
  private void accept(CommentBatch batch) {
    writer.accept(batch, () -> stored.add(batch.lastSeq()));
  }

  private CommentBatch batch(int count) {
    List<Comment> comments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seq = nextSeq++;
      Comment comment =
          new Comment("c" + seq, video, seq, new Author("u", "U", seq % 10 == 0), "hi", seq);
      comments.add(comment);
      known.put(comment.id(), comment);
    }
    return CommentBatch.of(video, comments);
  }
}
