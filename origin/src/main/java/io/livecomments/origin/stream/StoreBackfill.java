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
 * The origin's catch-up for viewers resuming from before a channel's ring: the video's history,
 * paged forwards by cursor from the comment store, until it reaches the ring. The channel joins it
 * with the ring and then streams live, so a resume from any cursor the store still holds (its own
 * comment retained) within {@code maxComments} gets every later comment once, in order; further
 * back, or from a comment since removed, is a {@code reset}.
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
    // History pages skip what the store no longer holds: only a cursor whose own comment is still
    // there proves that nothing after it is missing.
    List<Comment> atCursor =
        store.page(videoId, new PageQuery(PageQuery.Direction.BEFORE, after + 1, 1)).comments();
    if (atCursor.isEmpty() || atCursor.get(0).seq() != after) {
      throw new IllegalStateException("history no longer holds seq " + after);
    }
    List<Comment> older = new ArrayList<>();
    long cursor = after;
    while (true) {
      Page page =
          store.page(
              videoId, new PageQuery(PageQuery.Direction.AFTER, cursor, PageQuery.MAX_LIMIT));
      for (Comment comment : page.comments()) {
        older.add(comment);
        if (comment.seq() >= through) {
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
