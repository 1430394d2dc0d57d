package io.livecomments.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private final VideoId video = new VideoId("v1");

  @Test
  void selectKeepsEverythingUnderTheCap() {
    List<Comment> comments = comments(50, 0);

    assertThat(Sampling.select(comments, 100)).isEqualTo(comments);
  }

  @Test
  void selectKeepsPriorityAndTheLowestHashesInLogOrder() {
    List<Comment> comments = comments(1_000, 7);

    List<Comment> kept = Sampling.select(comments, 100);

    assertThat(kept).hasSize(100).isSubsetOf(comments);
    assertThat(kept).isSortedAccordingTo((a, b) -> Long.compare(a.seq(), b.seq()));
    assertThat(kept.stream().filter(c -> c.author().priority())).hasSize(7);
    assertThat(Sampling.select(comments, 100)).as("deterministic").isEqualTo(kept);
    // Whatever a relay keeps at a lower budget than the cap is in the selection too.
    for (Comment comment : comments) {
      if (Sampling.keeps(comment, 1_000, 20)) {
        assertThat(kept).contains(comment);
      }
    }
  }

  private List<Comment> comments(int count, int priorities) {
    List<Comment> comments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      comments.add(
          new Comment("id-" + i, video, i + 1, new Author("u" + i, "n", i < priorities), "t", 1L));
    }
    return comments;
  }
}
