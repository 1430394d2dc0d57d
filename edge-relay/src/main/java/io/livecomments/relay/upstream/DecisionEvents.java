package io.livecomments.relay.upstream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import java.util.Optional;

/**
 * An upstream's {@code hide} and {@code unhide} events as the log entries they stand for: the
 * decision at the event's cursor, re-created with {@link Moderation#relayed}, so the relay's ring
 * applies it and its own viewers get it in log order like every other entry.
 */
final class DecisionEvents {
  private DecisionEvents() {}

  /**
   * The decision {@code event} carries, or empty when it has no cursor or no ids, or names another
   * video (nothing a hop could place in its log order).
   *
   * @throws IllegalArgumentException when the data is not the hide shape
   */
  static Optional<Comment> entry(VideoId videoId, SseEvent event, CommentJson json) {
    Moderation.Action action = Moderation.Action.fromWire(event.type());
    CommentJson.HideNotice notice = json.readHide(event.data());
    String id = event.id();
    if (id == null || id.isEmpty() || !notice.videoId().equals(videoId) || notice.ids().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Moderation.relayed(action, videoId, Cursor.decode(id), notice.ids()));
  }
}
