package io.livecomments.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InMemoryCommentStoreTest extends CommentStoreContract {
  @Override
  protected CommentStore createStore() {
    return new InMemoryCommentStore(1_000, 1_000);
  }

  @Test
  void keepsOnlyTheNewestCommentsPerVideoAndDropsReplayedOldOnes() {
    try (InMemoryCommentStore small = new InMemoryCommentStore(3, 10)) {
      VideoId video = newVideo();
      List<Comment> all = new ArrayList<>();
      for (long seq = 1; seq <= 5; seq++) {
        all.add(comment(video, seq, "c" + seq));
      }

      small.putAll(all);
      small.putAll(List.of(all.get(0)));

      assertThat(small.page(video, after(0, 10))).isEqualTo(new Page(all.subList(2, 5), false));
    }
  }

  @Test
  void hidingADroppedCommentIsIgnored() {
    try (InMemoryCommentStore small = new InMemoryCommentStore(2, 10)) {
      VideoId video = newVideo();
      Comment c1 = comment(video, 1, "1");
      Comment c2 = comment(video, 2, "2");
      Comment c3 = comment(video, 3, "3");
      small.putAll(List.of(c1, c2, c3));

      small.hide(video, List.of(c1.id()));

      assertThat(small.page(video, after(0, 10)).comments()).containsExactly(c2, c3);
    }
  }

  @Test
  void keepsAtMostMaxVideos() {
    try (InMemoryCommentStore small = new InMemoryCommentStore(10, 5)) {
      List<VideoId> videos = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        VideoId video = newVideo();
        videos.add(video);
        small.putAll(List.of(comment(video, i + 1, "c")));
      }

      long held =
          videos.stream().filter(v -> !small.page(v, after(0, 1)).comments().isEmpty()).count();

      assertThat(held).isBetween(1L, 5L);
    }
  }

  @Test
  void pagingAHistoryOfManyCommentsStaysExact() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, LongStream.rangeClosed(1, 1_000).map(i -> i * 3).toArray());

    List<Comment> expected = new ArrayList<>(all.subList(399, 499));
    Collections.reverse(expected);

    assertThat(store.page(video, before(1_500, 100))).isEqualTo(new Page(expected, true));
  }

  @Test
  void closedStoreRefusesUse() {
    InMemoryCommentStore closed = new InMemoryCommentStore(1, 1);
    closed.close();

    assertThatThrownBy(() -> closed.page(newVideo(), PageQuery.newest(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new InMemoryCommentStore(0, 1)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> new InMemoryCommentStore(1, -2)).hasMessageContaining(": -2");
  }
}
