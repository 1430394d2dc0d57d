package io.livecomments.comment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogOrderTest {
  private static final VideoId VIDEO = new VideoId("v1");

  @Test
  void returnsTheLastSeqOfOneVideosCommentsInOrder() {
    assertThat(LogOrder.require(VIDEO, List.of(comment(VIDEO, 2), comment(VIDEO, 9)), "batch"))
        .isEqualTo(9);
    assertThat(LogOrder.require(VIDEO, List.of(), "snapshot")).isZero();
  }

  @Test
  void refusesAnotherVideosCommentAndSeqsThatDoNotIncrease() {
    assertThatThrownBy(
            () -> LogOrder.require(VIDEO, List.of(comment(new VideoId("v2"), 1)), "batch"))
        .hasMessage("comment c1 belongs to v2, not v1");
    assertThatThrownBy(
            () ->
                LogOrder.require(VIDEO, List.of(comment(VIDEO, 3), comment(VIDEO, 3)), "snapshot"))
        .hasMessage("snapshot out of log order at seq 3");
  }

  private static Comment comment(VideoId video, long seq) {
    return new Comment("c" + seq, video, seq, new Author("u", "U"), "t", 1L);
  }
}
