package io.livecomments.moderation;

import io.livecomments.comment.VideoId;
import java.util.regex.Pattern;

/**
 * Positions in the review queue: {@code <queuedAt, 13 digits>#<videoId>#<commentId>}, which sort
 * oldest first as strings. Every {@link ModerationStore} uses them as keys and cursors, so a cursor
 * is opaque to clients but the same on every backend.
 */
public final class QueueCursor {
  private static final Pattern SHAPE = Pattern.compile("\\d{13}#[A-Za-z0-9_-]{1,64}#[^#]{1,128}");

  private QueueCursor() {}

  public static String of(long queuedAt, VideoId videoId, String commentId) {
    if (queuedAt < 0 || queuedAt > 9_999_999_999_999L) {
      throw new IllegalArgumentException("queuedAt out of range: " + queuedAt);
    }
    return String.format("%013d#%s#%s", queuedAt, videoId.value(), commentId);
  }

  /**
   * @throws IllegalArgumentException when {@code cursor} is not a queue position
   */
  public static String check(String cursor) {
    if (cursor == null || !SHAPE.matcher(cursor).matches()) {
      throw new IllegalArgumentException("not a queue cursor: " + cursor);
    }
    return cursor;
  }
}
