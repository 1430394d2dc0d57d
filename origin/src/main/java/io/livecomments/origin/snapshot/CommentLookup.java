package io.livecomments.origin.snapshot;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.Optional;

/**
 * Finds one comment of a video by id, hidden or not: how the {@link SnapshotWriter} gets the
 * comments an unhide brings back, since the unhide carries only their ids. In the origin it is
 * {@code Moderator::find} (the recent window, then the comment store).
 *
 * <p>Called on the snapshot writer's ticker thread, outside its lock; it may block for one backend
 * round trip. A lookup that cannot answer now throws a runtime exception (the second is retried on
 * the next tick); empty means the comment is not known (or names a decision).
 */
@FunctionalInterface
public interface CommentLookup {
  Optional<Comment> find(VideoId videoId, String commentId);
}
