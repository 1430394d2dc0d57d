package io.livecomments.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryModerationStoreTest extends ModerationStoreContract {
  @Override
  protected ModerationStore createStore() {
    return new InMemoryModerationStore(1_000);
  }

  @Test
  void pastItsBoundTheOldestCommentsStateAndQueueItemAreDropped() {
    try (InMemoryModerationStore small = new InMemoryModerationStore(2)) {
      VideoId video = newVideo();
      Comment c1 = comment(video, 1);
      small.enqueue(c1, 0.5, List.of(), 1);
      small.enqueue(comment(video, 2), 0.5, List.of(), 2);
      small.enqueue(comment(video, 3), 0.5, List.of(), 3);

      assertThat(small.queueDepth()).isEqualTo(2);
      assertThat(small.queue(null, 10).items())
          .extracting(i -> i.comment().id())
          .doesNotContain(c1.id());
    }
  }
}
