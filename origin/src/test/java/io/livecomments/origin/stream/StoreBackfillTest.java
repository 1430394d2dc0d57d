package io.livecomments.origin.stream;

import static io.livecomments.comment.LogDecisions.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.store.InMemoryCommentStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StoreBackfillTest {
  private static final VideoId VIDEO = new VideoId("v");

  private final InMemoryCommentStore store = new InMemoryCommentStore(10_000, 10);
  // Short enough for one read only: a short history fails at once instead of being read again.
  private final StoreBackfill backfill =
      new StoreBackfill(store, Runnable::run, 300, Duration.ofMillis(50));

  @Test
  void pagesHistoryFromTheCursorUntilItReachesTheRing() {
    store.putAll(comments(1, 260));

    List<Comment> older = backfill.fetch(VIDEO, 10, 250).join();

    assertThat(older).extracting(Comment::seq).startsWith(11L).contains(250L).isSorted();
    assertThat(older.size()).isBetween(240, 340);
  }

  @Test
  void aViewerFurtherBehindThanOneCatchUpIsNotCaughtUp() {
    store.putAll(comments(1, 500));

    assertThat(backfill.fetch(VIDEO, 1, 450)).isCompletedExceptionally();
  }

  @Test
  void aCursorWhoseCommentHistoryNoLongerHoldsIsNotCaughtUp() {
    store.putAll(comments(20, 100));

    CompletableFuture<List<Comment>> fromEvicted = backfill.fetch(VIDEO, 10, 90);

    assertThat(fromEvicted).isCompletedExceptionally();
  }

  @Test
  void historyThatDoesNotReachTheRingYetIsNoCatchUp() {
    store.putAll(comments(1, 50));

    assertThat(backfill.fetch(VIDEO, 10, 90))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .withMessageContaining("does not reach seq 90");
  }

  @Test
  void decisionsAfterTheCursorAreHandedOnInLogOrderAndHiddenCommentsNever() {
    store.putAll(comments(1, 5));
    Comment hide = decision(VIDEO, 6, Moderation.Action.HIDE, "c2", "c4");
    Comment unhide = decision(VIDEO, 8, Moderation.Action.UNHIDE, "c4");
    store.putAll(List.of(hide, comments(7, 7).get(0), unhide));
    store.putAll(comments(9, 10));
    store.hide(VIDEO, List.of("c2", "c4"));
    store.unhide(VIDEO, List.of("c4"));

    List<Comment> older = backfill.fetch(VIDEO, 1, 10).join();

    assertThat(older)
        .extracting(Comment::id)
        .containsExactly("c3", "c4", "c5", "d6", "c7", "d8", "c9", "c10");
    assertThat(older.get(3)).isEqualTo(hide);
  }

  @Test
  void aCursorAtADecisionOrAtAHiddenCommentIsStillHeld() {
    store.putAll(comments(1, 3));
    store.putAll(List.of(decision(VIDEO, 4, Moderation.Action.HIDE, "c3")));
    store.putAll(comments(5, 6));
    store.hide(VIDEO, List.of("c3"));

    assertThat(backfill.fetch(VIDEO, 4, 6).join()).extracting(Comment::seq).containsExactly(5L, 6L);
    assertThat(backfill.fetch(VIDEO, 3, 6).join())
        .extracting(Comment::seq)
        .containsExactly(4L, 5L, 6L);
  }

  private static List<Comment> comments(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(
            seq ->
                new Comment(
                    "c" + seq, VIDEO, seq, new Author("u" + seq, "User " + seq), "hi " + seq, seq))
        .toList();
  }
}
