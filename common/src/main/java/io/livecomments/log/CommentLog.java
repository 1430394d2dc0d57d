package io.livecomments.log;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, ordered log every comment goes through (Kafka in production, key = video id).
 *
 * <p>Ordering: the comments of one video are consumed in the order they were appended and their
 * {@code seq} is strictly increasing in that order. Nothing is promised across videos.
 *
 * <p>Durability: a comment is acknowledged when the future of {@link #append} completes; from then
 * on it is never lost and every subscription receives it. A failed future means the comment may not
 * be in the log and must not be acknowledged to the commenter.
 */
public interface CommentLog extends AutoCloseable {
  /**
   * Appends a comment and assigns its {@code seq}.
   *
   * @return completes with the comment as placed in the log once the log has durably accepted it;
   *     fails with {@link LogUnavailableException} when the log cannot accept it now
   */
  CompletableFuture<Comment> append(CommentDraft draft);

  /**
   * Delivers comments to {@code listener} from the group's committed position on (for a new group:
   * the comments appended after this call). Delivery is at least once: after a failure a listener
   * may see comments again, in the same order, and must be idempotent. The listener is called on
   * one thread of the log's, never concurrently with itself; a group's position passes a run once
   * the listener has reported it handled.
   *
   * <p>Memory is bounded: a subscription stops taking comments while its listener holds more than a
   * log-defined number of them unhandled, and goes on as it reports them handled.
   */
  LogSubscription subscribe(String group, DeferredLogListener listener);

  /**
   * {@link #subscribe(String, DeferredLogListener)} for a listener that is done when it returns.
   */
  default LogSubscription subscribe(String group, LogListener listener) {
    Objects.requireNonNull(listener, "listener");
    return subscribe(
        group,
        (comments, handled) -> {
          listener.onComments(comments);
          handled.run();
        });
  }

  /** Stops every subscription and releases the log's threads and connections. */
  @Override
  void close();
}
