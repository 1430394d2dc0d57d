package io.livecomments.origin.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.store.CommentStore;
import io.livecomments.store.Page;
import io.livecomments.store.PageQuery;
import io.livecomments.stream.Backfill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The origin's catch-up for viewers resuming from before a channel's ring: the video's log entries
 * as the comment store holds them ({@link CommentStore#entriesAfter}), paged forwards by cursor,
 * until they reach the ring. The channel joins them with the ring and then streams live, so a
 * resume from any cursor the store still holds (its own entry retained) within {@code maxComments}
 * gets every later comment once, in order, and every moderation decision after the cursor in log
 * order (the channel sends each as a {@code hide} or {@code unhide} frame); comments hidden when
 * the store is read are left out, so a resume never shows a hidden comment again. Further back, or
 * from an entry since removed, is a {@code reset}.
 *
 * <p>The store holds what the persister has written, which trails the live stream a little: a
 * catch-up whose pages end before the ring is read again a little later, and fails at its timeout
 * (the viewers get a reset) rather than skip comments. Pages are read on {@code executor}, never on
 * the channel's thread.
 */
final class StoreBackfill implements Backfill {
  /** Between reads while history has not reached the ring yet (the persister is behind). */
  private static final long AGAIN_MILLIS = 100;

  private final CommentStore store;
  private final Executor executor;
  private final int maxComments;
  private final Duration timeout;

  /**
   * @param maxComments more than this is too far behind to catch up: the fetch gives up
   * @param timeout the whole fetch; past it the waiting viewers get a reset
   */
  StoreBackfill(CommentStore store, Executor executor, int maxComments, Duration timeout) {
    this.store = store;
    this.executor = executor;
    this.maxComments = maxComments;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<List<Comment>> fetch(VideoId videoId, long after, long through) {
    long attempts = Math.max(1, timeout.toMillis() / AGAIN_MILLIS);
    return attempt(videoId, after, through, attempts, executor)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<List<Comment>> attempt(
      VideoId videoId, long after, long through, long left, Executor when) {
    return CompletableFuture.supplyAsync(() -> read(videoId, after, through), when)
        .exceptionallyCompose(
            failure ->
                failure.getCause() instanceof HistoryBehind && left > 1
                    ? attempt(
                        videoId,
                        after,
                        through,
                        left - 1,
                        CompletableFuture.delayedExecutor(
                            AGAIN_MILLIS, TimeUnit.MILLISECONDS, executor))
                    : CompletableFuture.failedFuture(failure));
  }

  /** History does not reach the ring yet: the persister may still be writing it. */
  private static final class HistoryBehind extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HistoryBehind(long through) {
      super("history does not reach seq " + through + " yet", null, false, false);
    }
  }

  private List<Comment> read(VideoId videoId, long after, long through) {
    // History skips what the store no longer holds: only a cursor whose own entry (a comment,
    // hidden or not, or a decision) is still there proves that nothing after it is missing.
    List<Comment> atCursor =
        after < 1 ? List.of() : store.entriesAfter(videoId, after - 1, 1).comments();
    if (atCursor.isEmpty() || atCursor.get(0).seq() != after) {
      throw new IllegalStateException("history no longer holds seq " + after);
    }
    List<Comment> older = new ArrayList<>();
    long cursor = after;
    while (true) {
      Page page = store.entriesAfter(videoId, cursor, PageQuery.MAX_LIMIT);
      for (Comment entry : page.comments()) {
        // A hidden comment is never shown again; the decisions are handed on in log order.
        if (!page.hidden().contains(entry.id())) {
          older.add(entry);
        }
        if (entry.seq() >= through) {
          return older;
        }
      }
      if (older.size() > maxComments) {
        throw new IllegalStateException("more than " + maxComments + " comments behind");
      }
      if (!page.hasMore() || page.comments().isEmpty()) {
        throw new HistoryBehind(through);
      }
      cursor = page.comments().get(page.comments().size() - 1).seq();
    }
  }
}
