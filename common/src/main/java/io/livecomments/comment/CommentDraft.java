package io.livecomments.comment;

import java.util.Objects;

/**
 * A validated comment, or a moderation decision, on its way into the log: everything but its
 * position there.
 *
 * @param createdAt epoch milliseconds at which the origin accepted the comment; every hop measures
 *     lag against it
 * @param moderation null for a comment, the decision for a decision (see {@link Moderation})
 */
public record CommentDraft(
    String id, VideoId videoId, Author author, String text, long createdAt, Moderation moderation) {
  public CommentDraft {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
  }

  /** A comment (not a decision). */
  public CommentDraft(String id, VideoId videoId, Author author, String text, long createdAt) {
    this(id, videoId, author, text, createdAt, null);
  }

  /** The comment as the log placed it, at {@code seq}. */
  public Comment at(long seq) {
    return new Comment(id, videoId, seq, author, text, createdAt, moderation);
  }
}
