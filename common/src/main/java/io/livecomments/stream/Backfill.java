package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a hop fetches comments older than its channel's ring for a viewer resuming from far back:
 * the upstream at a relay (which may fetch from its own upstream in turn), the comment store at the
 * origin. Where it fails, the waiting viewers get a {@code reset} and re-read history.
 */
@FunctionalInterface
public interface Backfill {
  /** No backfill: every cursor older than the ring gets a reset. */
  Backfill NONE =
      (videoId, after, through) ->
          CompletableFuture.failedFuture(new IllegalStateException("this hop has no backfill"));

  /**
   * The video's log entries after {@code after}, oldest first, up to at least seq {@code through}:
   * comments (never one hidden when fetched) and the moderation decisions among them. Completes
   * exceptionally when the gap cannot be filled (the source no longer holds {@code after}, or is
   * unreachable); the waiting viewers then get a reset. Must complete in bounded time and never on
   * the caller's thread while the caller holds a lock.
   */
  CompletableFuture<List<Comment>> fetch(VideoId videoId, long after, long through);
}
