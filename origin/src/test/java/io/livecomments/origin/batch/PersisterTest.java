package io.livecomments.origin.batch;

import static io.livecomments.comment.LogDecisions.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.store.InMemoryCommentStore;
import io.livecomments.store.Page;
import io.livecomments.store.PageQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersisterTest {
  private static final VideoId VIDEO = new VideoId("v");

  private final InMemoryCommentStore store = new InMemoryCommentStore(1000, 100);
  private final Persister persister = new Persister(store);

  @Test
  void decisionsAreAppliedInLogOrderAndStoredAsEntriesThatPagesLeaveOut() {
    List<Comment> run =
        List.of(
            comment(1),
            comment(2),
            decision(VIDEO, 3, Moderation.Action.HIDE, "c1", "c2"),
            decision(VIDEO, 4, Moderation.Action.UNHIDE, "c2"));
    persister.onComments(run);

    assertThat(store.page(VIDEO, PageQuery.newest(10)).comments())
        .extracting(Comment::id)
        .containsExactly("c2");
    assertThat(store.find(VIDEO, "d3")).isEmpty();
    // A catch-up from history replays the decisions in log order.
    Page entries = store.entriesAfter(VIDEO, 0, 10);
    assertThat(entries.comments()).containsExactlyElementsOf(run);
    assertThat(entries.hidden()).containsExactly("c1");
  }

  @Test
  void aReplayedRunChangesNothing() {
    List<Comment> run = List.of(comment(1), decision(VIDEO, 2, Moderation.Action.HIDE, "c1"));
    persister.onComments(run);
    persister.onComments(run);

    assertThat(store.page(VIDEO, PageQuery.newest(10)).comments()).isEmpty();
    assertThat(store.find(VIDEO, "c1")).isPresent();
  }

  private static Comment comment(long seq) {
    return new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t", 0);
  }
}
