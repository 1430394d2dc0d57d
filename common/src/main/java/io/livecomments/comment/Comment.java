package io.livecomments.comment;

import java.util.Objects;

/**
 * One comment as the log holds it.
 *
 * @param id unique, opaque; clients de-duplicate by it
 * @param seq the comment's position in its video's log: strictly increasing in log order per video,
 *     not necessarily contiguous. It is the comment's cursor ({@link Cursor}).
 * @param createdAt epoch milliseconds at which the origin accepted the comment
 * @param moderation null for a comment; set for a moderation decision, an entry of the log like a
 *     comment (its author is the moderator, its text empty): see {@link Moderation}
 */
public record Comment(
    String id,
    VideoId videoId,
    long seq,
    Author author,
    String text,
    long createdAt,
    Moderation moderation) {
  public Comment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be positive: " + seq);
    }
  }

  /** A comment (not a decision). */
  public Comment(String id, VideoId videoId, long seq, Author author, String text, long createdAt) {
    this(id, videoId, seq, author, text, createdAt, null);
  }

  /** True for a moderation decision, false for a comment. */
  public boolean isDecision() {
    return moderation != null;
  }
}
