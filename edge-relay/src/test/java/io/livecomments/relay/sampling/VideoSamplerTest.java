package io.livecomments.relay.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.sampling.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoSamplerTest {
  private static final VideoId VIDEO = new VideoId("hot");
  private static final Author FAN = new Author("fan", "Fan");
  private static final Author CREATOR = new Author("creator", "Creator", true);

  private long seq;

  @Test
  void belowTheBudgetNothingIsDropped() {
    VideoSampler sampler = new VideoSampler(20);
    // 19 comments a second for five seconds, in batches of one.
    for (int i = 0; i < 95; i++) {
      CommentBatch batch = batch(i * 1000L / 19, 1, FAN);
      assertThat(sampler.sample(batch)).contains(batch);
    }
  }

  @Test
  void aSteadyStreamAtTheBudgetWithJitterIsNeverThinned() {
    VideoSampler sampler = new VideoSampler(20);
    java.util.SplittableRandom jitter = new java.util.SplittableRandom(3);
    // 20 comments a second, each due every 50 ms but arriving up to 40 ms late, in batches of one.
    for (int i = 0; i < 600; i++) {
      CommentBatch batch = batch(i * 50L + jitter.nextLong(40), 1, FAN);
      assertThat(sampler.sample(batch)).contains(batch);
    }
  }

  @Test
  void aboveTheBudgetAboutTheBudgetIsKeptAndEveryCommentIsAccountedFor() {
    VideoSampler sampler = new VideoSampler(20);
    int kept = 0;
    long represented = 0;
    // 200 comments a second for ten seconds, in batches of 20 every 100 ms.
    for (int b = 0; b < 100; b++) {
      Optional<CommentBatch> out = sampler.sample(batch(b * 100L, 20, FAN));
      kept += out.map(o -> o.comments().size()).orElse(0);
      represented += out.map(CommentBatch::represents).orElse(0);
    }
    assertThat(kept).isBetween(150, 260);
    assertThat(represented).isBetween(2000L - 20 * 5, 2000L);
  }

  @Test
  void twoSamplersFedTheSameBatchesKeepTheSameComments() {
    List<CommentBatch> batches = new ArrayList<>();
    for (int b = 0; b < 50; b++) {
      batches.add(batch(b * 100L, 30, FAN));
    }
    VideoSampler one = new VideoSampler(20);
    VideoSampler other = new VideoSampler(20);

    assertThat(batches.stream().map(one::sample).toList())
        .isEqualTo(batches.stream().map(other::sample).toList());
  }

  @Test
  void priorityCommentsAreNeverDropped() {
    VideoSampler sampler = new VideoSampler(1);
    for (int b = 0; b < 30; b++) {
      sampler.sample(batch(b * 100L, 50, FAN));
    }
    CommentBatch fromCreator = batch(3_000, 5, CREATOR);

    assertThat(sampler.sample(fromCreator).orElseThrow().comments())
        .containsExactlyElementsOf(fromCreator.comments());
  }

  @Test
  void aBatchThinnedUpstreamPassesAsItIs() {
    VideoSampler sampler = new VideoSampler(1);
    for (int b = 0; b < 30; b++) {
      sampler.sample(batch(b * 100L, 50, FAN));
    }
    CommentBatch thinned = new CommentBatch(VIDEO, batch(3_000, 3, FAN).comments(), 50);

    assertThat(sampler.sample(thinned)).contains(thinned);
  }

  @Test
  void aCatchUpOfOldCommentsIsNotTakenForABurst() {
    VideoSampler sampler = new VideoSampler(20);
    // 100 comments missed over the last ten seconds arrive in one batch after a reconnect.
    List<Comment> missed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      missed.add(comment(i * 100L, FAN));
    }
    CommentBatch catchUp = CommentBatch.of(VIDEO, missed);

    assertThat(sampler.sample(catchUp)).contains(catchUp);
  }

  @Test
  void keepingIsNestedAcrossRates() {
    for (int i = 0; i < 1_000; i++) {
      Comment comment = comment(0, FAN);
      if (Sampling.keeps(comment, 400, 20)) {
        assertThat(Sampling.keeps(comment, 100, 20)).isTrue();
      }
    }
  }

  private CommentBatch batch(long at, int size, Author author) {
    List<Comment> comments = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      comments.add(comment(at, author));
    }
    return CommentBatch.of(VIDEO, comments);
  }

  private Comment comment(long at, Author author) {
    seq++;
    return new Comment("c" + seq, VIDEO, seq, author, "t", at);
  }
}
