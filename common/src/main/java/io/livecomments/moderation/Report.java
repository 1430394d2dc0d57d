package io.livecomments.moderation;

import io.livecomments.comment.VideoId;
import java.util.Objects;

/**
 * One viewer's report of one comment.
 *
 * @param note free text, at most {@value #MAX_NOTE} characters, empty when none was given
 * @param at epoch milliseconds the report was accepted
 */
public record Report(
    String reportId,
    VideoId videoId,
    String commentId,
    String userId,
    Reason reason,
    String note,
    long at) {
  public static final int MAX_NOTE = 500;

  /** Why a viewer reports a comment. */
  public enum Reason {
    SPAM,
    ABUSE,
    OTHER;

    /** The lower-case name on the wire. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the value when it is none of the reasons
     */
    public static Reason fromWire(String value) {
      for (Reason reason : values()) {
        if (reason.wire().equals(value)) {
          return reason;
        }
      }
      throw new IllegalArgumentException("not a report reason: " + value);
    }
  }

  public Report {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentId, "commentId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(note, "note");
    if (note.length() > MAX_NOTE) {
      throw new IllegalArgumentException(
          "a note holds at most " + MAX_NOTE + " characters: " + note.length());
    }
  }
}
