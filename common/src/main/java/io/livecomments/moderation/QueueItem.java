package io.livecomments.moderation;

import io.livecomments.comment.Comment;
import java.util.List;
import java.util.Objects;

/**
 * A comment waiting for a moderator's review.
 *
 * @param score the classifier's score, 0..1 (0 when only reports queued it)
 * @param labels the classifier's labels, and {@code reported} when reports queued it
 * @param reports how many distinct users reported the comment
 * @param hidden whether a decision hides the comment now
 * @param queuedAt epoch milliseconds the comment entered the queue
 */
public record QueueItem(
    Comment comment,
    double score,
    List<String> labels,
    int reports,
    boolean hidden,
    long queuedAt) {
  public QueueItem {
    Objects.requireNonNull(comment, "comment");
    labels = List.copyOf(labels);
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be 0..1: " + score);
    }
  }
}
