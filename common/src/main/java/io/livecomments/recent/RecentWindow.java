package io.livecomments.recent;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.util.List;

/**
 * The last {@value #SIZE} comments of each active video: what a late joiner sees at once and the
 * first page of history (a Redis list with a TTL in production).
 *
 * <p>Appending is idempotent by seq: comments at or below the newest seq already held are skipped,
 * so a replayed batch leaves the window unchanged. Idle videos expire.
 */
public interface RecentWindow extends AutoCloseable {
  int SIZE = 100;

  void append(CommentBatch batch);

  /** The newest comments of a video, oldest first; empty for an unknown or expired video. */
  List<Comment> recent(VideoId videoId);

  @Override
  void close();
}
