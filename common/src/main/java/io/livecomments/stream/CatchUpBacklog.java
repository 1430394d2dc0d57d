package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.sse.SseFrames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The backlog of a viewer that resumed from further back than its channel's ring can hold: the
 * fetched older entries joined with the ring, from the viewer's cursor on, as {@link
 * ResumeFrames#of} frames them (comments in frames of at most {@link RecentRing#JOIN_CONTEXT}, each
 * decision in its own frame, in log order). Encoded for that viewer alone (viewers resuming from
 * the same far cursor are rare; the ring keeps serving everyone else), and bounded by what one
 * catch-up may fetch ({@link StreamSettings#maxCatchUp}) plus the ring.
 *
 * <p>A backlog larger than the viewer may queue would overflow it on every attempt, so the viewer
 * takes what fits in half its queue and then ends with a short {@code retry:}: the client comes
 * back at once with the id of the last frame it got and takes the next part.
 */
final class CatchUpBacklog {
  /** How soon a viewer that took part of its backlog comes back for the rest. */
  static final long RESUME_MILLIS = 100;

  private CatchUpBacklog() {}

  /**
   * Queues to {@code viewer} every comment after {@code after} through {@code through} (the
   * channel's newest: later ones reach the viewer by broadcast), oldest first, without repeats.
   *
   * @return false when only part of it fitted: the viewer is finishing and must not stream
   */
  static boolean queue(
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
    if (backlog.isEmpty()) {
      return true;
    }
    List<Comment> missed = new ArrayList<>(backlog.values());
    for (WireFrame frame : ResumeFrames.of(missed.get(0).videoId(), missed, frames)) {
      if (!viewer.hasRoomFor(frame)) {
        // Under the channel's lock: queued only, the channel starts the write.
        viewer.queueLast(WireFrame.of(frames.retry(RESUME_MILLIS)));
        return false;
      }
      viewer.enqueue(frame);
    }
    return true;
  }
}
