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
  private final VideoBatcher batcher =
      new VideoBatcher(new BatchPolicy(Duration.ofMillis(100), 3), scheduler, sent::add);
  private long seq;

  @Test
  void aCommentAfterQuietGoesOutAtOnce() {
    batcher.onComments(List.of(comment(A)));

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).comments()).hasSize(1);
  }

  @Test
  void aBurstIsGatheredUntilTheWindowEnds() {
    batcher.onComments(List.of(comment(A)));
    batcher.onComments(List.of(comment(A)));
    scheduler.advance(Duration.ofMillis(50));
    batcher.onComments(List.of(comment(A)));
    assertThat(sent).hasSize(1);

    scheduler.advance(Duration.ofMillis(50));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).comments()).extracting(Comment::seq).containsExactly(2L, 3L);
  }

  @Test
  void aFullBatchIsFlushedBeforeTheWindowEnds() {
    batcher.onComments(List.of(comment(A)));
    batcher.onComments(List.of(comment(A), comment(A), comment(A)));

    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).comments()).hasSize(3);
  }

  @Test
  void commentsThatArriveTogetherOnAQuietVideoLeaveTogetherInBatchesOfAtMostTheMaximum() {
    batcher.onComments(List.of(comment(A), comment(A), comment(A), comment(A)));

    assertThat(sent).extracting(b -> b.comments().size()).containsExactly(3, 1);
  }

  @Test
  void videosAreBatchedIndependently() {
    batcher.onComments(List.of(comment(A), comment(B)));
    batcher.onComments(List.of(comment(A)));

    assertThat(sent).extracting(CommentBatch::videoId).containsExactly(A, B);
    scheduler.advance(Duration.ofMillis(100));
    assertThat(sent).extracting(CommentBatch::videoId).containsExactly(A, B, A);
  }

  @Test
  void aVideoLeavesNoStateOnceAQuietWindowHasPassed() {
    batcher.onComments(List.of(comment(A)));
    batcher.onComments(List.of(comment(A)));
    scheduler.advance(Duration.ofMillis(100));
    assertThat(batcher.openWindows()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(100));

    assertThat(batcher.openWindows()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
    batcher.onComments(List.of(comment(A)));
    assertThat(sent).hasSize(3);
  }

  @Test
  void batchesKeepLogOrder() {
    for (int i = 0; i < 20; i++) {
      batcher.onComments(List.of(comment(A)));
      scheduler.advance(Duration.ofMillis(30));
    }
    scheduler.advance(Duration.ofMillis(200));

    List<Long> seqs = sent.stream().flatMap(b -> b.comments().stream()).map(Comment::seq).toList();
    assertThat(seqs).hasSize(20).isSorted().doesNotHaveDuplicates();
  }

  private Comment comment(VideoId videoId) {
    seq++;
    return new Comment("c" + seq, videoId, seq, new Author("u", "U"), "hi " + seq, 0);
  }
}
