package io.livecomments.moderation;

import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import java.util.Objects;

/**
 * The moderation decision in effect for one comment, as the moderation store keeps it.
 *
 * @param id the decision's id, also the id of its entry in the comment log
 * @param moderator the moderator's user id, or {@link Moderation#AUTO} for the classifier
 * @param at epoch milliseconds the decision was made
 * @param seq the decision's position in the video's log once published there; 0 until then
 */
public record Decision(
    String id,
    VideoId videoId,
    String commentId,
    Moderation.Action action,
    String reason,
    String moderator,
    long at,
    long seq) {
  public Decision {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentId, "commentId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(moderator, "moderator");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
  }

  public boolean published() {
    return seq > 0;
  }

  public Decision withSeq(long seq) {
    return new Decision(id, videoId, commentId, action, reason, moderator, at, seq);
  }
}
