package io.livecomments.store;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The history of every video (DynamoDB in production: PK video id, SK sortable seq).
 *
 * <p>Writes are idempotent: putting a comment that is already stored (same video and seq) changes
 * nothing, so a persister may replay the log. Calls may block on I/O; never call them on a thread
 * that must not block. Failures surface as {@link StoreUnavailableException}.
 */
public interface CommentStore extends AutoCloseable {
  /**
   * Stores log entries of any videos, comments and moderation decisions alike (each at its own
   * seq); returns once all are durable.
   */
  void putAll(List<Comment> comments);

  /**
   * One page of a video's visible (not hidden) comments. Decisions are never listed; with {@link
   * PageQuery#includeHidden()} hidden comments are too.
   */
  Page page(VideoId videoId, PageQuery query);

  /**
   * The video's log entries after seq {@code after}, oldest first, at most {@code limit} (1 to
   * {@value PageQuery#MAX_LIMIT}): comments, hidden ones too (named in {@link Page#hidden()}), and
   * the stored moderation decisions, each at its seq. What a catch-up from history replays, so a
   * viewer resuming from far back gets every decision after its cursor in log order.
   */
  Page entriesAfter(VideoId videoId, long after, int limit);

  /**
   * The arguments {@link #entriesAfter} takes, for its implementations to check.
   *
   * @throws IllegalArgumentException naming them when {@code after} is negative or {@code limit}
   *     out of range
   */
  static void checkEntriesAfter(long after, int limit) {
    if (limit < 1 || limit > PageQuery.MAX_LIMIT || after < 0) {
      throw new IllegalArgumentException("after " + after + ", limit " + limit);
    }
  }

  /**
   * Hides comments by id (moderation); they no longer appear in pages. Unknown ids and the ids of
   * decisions are ignored.
   */
  void hide(VideoId videoId, Collection<String> commentIds);

  /**
   * Shows hidden comments again (moderation); they appear in pages as before. Unknown or visible
   * ids are ignored.
   */
  void unhide(VideoId videoId, Collection<String> commentIds);

  /**
   * One stored comment of the video by id, hidden or not; empty when it is not stored (yet: a store
   * may find a comment persisted a moment ago only a moment later) or names a decision.
   */
  Optional<Comment> find(VideoId videoId, String commentId);

  @Override
  void close();
}
