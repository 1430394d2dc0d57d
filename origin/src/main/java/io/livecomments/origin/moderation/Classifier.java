package io.livecomments.origin.moderation;

import io.livecomments.comment.Comment;

/**
 * Scores comments for automatic moderation: an embedded blocklist with heuristics ({@link
 * BlocklistClassifier}) or an external service ({@link HttpClassifier}).
 *
 * <p>Called by the moderation stage from several threads at once, one call per comment, in no
 * particular order across comments; it may block (bounded by the implementation's own timeouts). It
 * never throws for a comment it cannot score: it fails open, answering {@link Verdict#CLEAN}, so
 * comments stay visible while a classifier is slow or down.
 */
@FunctionalInterface
public interface Classifier {
  Verdict classify(Comment comment);
}
