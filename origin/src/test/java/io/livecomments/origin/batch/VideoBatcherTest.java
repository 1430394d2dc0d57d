package io.livecomments.origin.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoBatcherTest {
  private static final VideoId A = new VideoId("a");
  private static final VideoId B = new VideoId("b");

  private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
  private final List<CommentBatch> sent = new ArrayList<>();
  private boolean sinkDown;

  /** Refuses only the batch starting at this seq (0: none), as Redis failing mid-flush would. */
  private long refuseFrom;

  /** Whether the sink reports stores later (a snapshot's second closing) rather than at once. */
  private boolean storesLater;

  private final List<Runnable> unstored = new ArrayList<>();
  private final VideoBatcher batcher =
      new VideoBatcher(
          new BatchPolicy(Duration.ofMillis(100), 3),
          scheduler,
          (batch, stored) -> {
            if (sinkDown || batch.comments().get(0).seq() == refuseFrom) {
              throw new IllegalStateException("redis down");
            }
            sent.add(batch);
            if (storesLater) {
              unstored.add(stored);
            } else {
              stored.run();
            }
          });

  /** How often each run given to the batcher was reported handled, by the run's number. */
  private final List<Integer> handled = new ArrayList<>();

  private long seq;

  @Test
  void aCommentAfterQuietGoesOutAtOnce() {
    take(comment(A));

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).comments()).hasSize(1);
  }

  @Test
  void aBurstIsGatheredUntilTheWindowEnds() {
    take(comment(A));
    take(comment(A));
    scheduler.advance(Duration.ofMillis(50));
    take(comment(A));
    assertThat(sent).hasSize(1);

    scheduler.advance(Duration.ofMillis(50));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).comments()).extracting(Comment::seq).containsExactly(2L, 3L);
  }

  @Test
  void aFullBatchIsFlushedBeforeTheWindowEnds() {
    take(comment(A));
    take(comment(A), comment(A), comment(A));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).comments()).hasSize(3);
  }

  @Test
  void commentsThatArriveTogetherOnAQuietVideoLeaveTogetherInBatchesOfAtMostTheMaximum() {
    take(comment(A), comment(A), comment(A), comment(A));

    assertThat(sent).extracting(b -> b.comments().size()).containsExactly(3, 1);
  }

  @Test
  void videosAreBatchedIndependently() {
    take(comment(A), comment(B));
    take(comment(A));

    assertThat(sent).extracting(CommentBatch::videoId).containsExactly(A, B);
    scheduler.advance(Duration.ofMillis(100));
    assertThat(sent).extracting(CommentBatch::videoId).containsExactly(A, B, A);
  }

  @Test
  void aVideoLeavesNoStateOnceAQuietWindowHasPassed() {
    take(comment(A));
    take(comment(A));
    scheduler.advance(Duration.ofMillis(100));
    assertThat(batcher.openWindows()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(100));

    assertThat(batcher.openWindows()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
    take(comment(A));
    assertThat(sent).hasSize(3);
  }

  @Test
  void batchesKeepLogOrder() {
    for (int i = 0; i < 20; i++) {
      take(comment(A));
      scheduler.advance(Duration.ofMillis(30));
    }
    scheduler.advance(Duration.ofMillis(200));

    List<Long> seqs = sent.stream().flatMap(b -> b.comments().stream()).map(Comment::seq).toList();
    assertThat(seqs).hasSize(20).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aRunFlushedAtOnceIsReportedHandledAtOnce() {
    take(comment(A), comment(B));

    assertThat(handled).containsExactly(1);
  }

  @Test
  void aRunGatheredInAWindowIsReportedHandledWhenTheWindowIsPublished() {
    take(comment(A));
    take(comment(A));
    scheduler.advance(Duration.ofMillis(99));
    assertThat(handled).containsExactly(1, 0);

    scheduler.advance(Duration.ofMillis(1));

    assertThat(handled).containsExactly(1, 1);
  }

  @Test
  void aRunSpreadOverVideosIsHandledOnlyOnceEveryVideoPublishedItsPart() {
    take(comment(A));
    take(comment(B), comment(A));
    assertThat(sent).extracting(CommentBatch::videoId).containsExactly(A, B);
    assertThat(handled).containsExactly(1, 0);

    scheduler.advance(Duration.ofMillis(100));

    assertThat(handled).containsExactly(1, 1);
  }

  @Test
  void aFailingSinkKeepsTheRunUnhandledUntilItTakesTheCommentsInOrder() {
    take(comment(A));
    sinkDown = true;
    take(comment(A));
    take(comment(A), comment(A));
    scheduler.advance(Duration.ofMillis(300));
    assertThat(handled).containsExactly(1, 0, 0);

    sinkDown = false;
    scheduler.advance(Duration.ofMillis(100));

    assertThat(handled).containsExactly(1, 1, 1);
    List<Long> seqs = sent.stream().flatMap(b -> b.comments().stream()).map(Comment::seq).toList();
    assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aCommentRefusedOnAQuietVideoIsRetriedAfterTheWindow() {
    sinkDown = true;
    take(comment(A));
    assertThat(handled).containsExactly(0);
    sinkDown = false;

    scheduler.advance(Duration.ofMillis(100));

    assertThat(sent).hasSize(1);
    assertThat(handled).containsExactly(1);
  }

  @Test
  void aRunIsHandledOnlyOnceEveryBatchItWasFlushedInIsStored() {
    storesLater = true;
    take(comment(A), comment(A), comment(A), comment(A));
    assertThat(sent).extracting(b -> b.comments().size()).containsExactly(3, 1);

    unstored.get(1).run();
    assertThat(handled).containsExactly(0);
    unstored.get(0).run();

    assertThat(handled).containsExactly(1);
  }

  @Test
  void aFlushRefusedHalfWayKeepsItsRunsUntilTheRetryIsStored() {
    refuseFrom = 4;
    take(comment(A), comment(A), comment(A), comment(A));
    assertThat(sent).hasSize(1);
    assertThat(handled).as("its first batch was stored, its second refused").containsExactly(0);

    refuseFrom = 0;
    scheduler.advance(Duration.ofMillis(100));

    assertThat(handled).containsExactly(1);
    assertThat(sent)
        .extracting(b -> b.comments().get(0).seq())
        .as("the retry hands the whole window over again")
        .containsExactly(1L, 1L, 4L);
  }

  /** Gives the batcher one run from the log, counting how often it reports that run handled. */
  private void take(Comment... comments) {
    int run = handled.size();
    handled.add(0);
    batcher.onComments(List.of(comments), () -> handled.set(run, handled.get(run) + 1));
  }

  private Comment comment(VideoId videoId) {
    seq++;
    return new Comment("c" + seq, videoId, seq, new Author("u", "U"), "hi " + seq, 0);
  }
}
