package io.livecomments.moderation;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.List;
import java.util.Optional;

/**
 * Moderation state: viewers' reports, the decision in effect per comment, and the review queue
 * (DynamoDB in production, one table, conditional writes).
 *
 * <p>Guarantees: one report per user per comment (a repeat changes nothing and answers the first);
 * one decision in effect per comment, changed only by the opposite action (hiding a hidden comment
 * answers the decision that hid it); a comment enters the queue at most once, and leaves it when
 * {@link #resolve resolved}. Every write is durable when the call returns and safe to retry.
 *
 * <p>Threads: thread-safe; calls may block on I/O (never call them on a thread that must not
 * block). Failures: {@link io.livecomments.store.StoreUnavailableException} when the backend cannot
 * answer now. {@link #close} releases the backend's client.
 */
public interface ModerationStore extends AutoCloseable {
  /** Records a report unless its user reported the comment before. */
  ReportOutcome report(Report report);

  /**
   * Makes {@code proposed} the decision in effect for its comment unless one with the same action
   * is in effect already, which is then answered unchanged.
   *
   * @return the decision in effect after the call: {@code proposed} (seq 0) or the earlier one
   */
  Decision decide(Decision proposed);

  /**
   * Records where the log placed a decision; the first seq recorded stays.
   *
   * @return the decision in effect with its seq, or the decision given with {@code seq} when
   *     another decision has replaced it since
   */
  Decision published(Decision decision, long seq);

  /** The decision in effect for a comment, if any. */
  Optional<Decision> decision(VideoId videoId, String commentId);

  /**
   * Puts a comment in the review queue unless it was queued before.
   *
   * @return true when it was queued by this call
   */
  boolean enqueue(Comment comment, double score, List<String> labels, long at);

  /** Takes a comment out of the queue for good (a moderator decided); unknown ones are ignored. */
  void resolve(VideoId videoId, String commentId);

  /**
   * A page of the unresolved queue, oldest first.
   *
   * @param cursor null for the first page, else a page's {@link QueuePage#nextCursor}
   * @throws IllegalArgumentException when the cursor is not one this store handed out
   */
  QueuePage queue(String cursor, int limit);

  /** How many comments wait in the queue. */
  long queueDepth();

  @Override
  void close();
}
