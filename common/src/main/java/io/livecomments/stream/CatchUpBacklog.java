package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.sse.SseFrames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The backlog of a viewer that resumed from further back than its channel's ring can hold: the
 * fetched older comments joined with the ring, from the viewer's cursor on, in frames of at most
 * {@link RecentRing#JOIN_CONTEXT} comments. Encoded for that viewer alone (viewers resuming from
 * the same far cursor are rare; the ring keeps serving everyone else), and bounded by what one
 * catch-up may fetch ({@link StreamSettings#maxCatchUp}) plus the ring.
 */
final class CatchUpBacklog {
  private CatchUpBacklog() {}

  /**
   * Queues to {@code viewer} every comment after {@code after} through {@code through} (the
   * channel's newest: later ones reach the viewer by broadcast), oldest first, without repeats.
   */
  static void queue(
      Viewer viewer,
      long after,
      long through,
      List<Comment> older,
      Collection<Comment> ring,
      SseFrames frames) {
    TreeMap<Long, Comment> backlog = new TreeMap<>();
    for (Comment comment : older) {
      if (comment.seq() > after && comment.seq() <= through) {
        backlog.put(comment.seq(), comment);
      }
    }
    for (Comment comment : ring) {
      if (comment.seq() > after) {
        backlog.put(comment.seq(), comment);
      }
    }
    List<Comment> missed = new ArrayList<>(backlog.values());
    for (int from = 0; from < missed.size(); from += RecentRing.JOIN_CONTEXT) {
      List<Comment> part =
          missed.subList(from, Math.min(missed.size(), from + RecentRing.JOIN_CONTEXT));
      CommentBatch batch = CommentBatch.of(part.get(0).videoId(), part);
      if (!viewer.enqueue(WireFrame.of(frames.comments(batch)))) {
        return;
      }
    }
  }
}
