package io.livecomments.origin.snapshot;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Snapshot#restored} half of the {@link SnapshotWriter}: which comments a closed
 * second's unhides bring back (decided under the writer's lock, from the second's entries alone),
 * and the comments themselves (looked up through a {@link CommentLookup} on the ticker's thread,
 * outside the lock, just before the second is stored).
 */
final class Restorer {
  private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);

  private final CommentLookup lookup;

  Restorer(CommentLookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /**
   * The ids a second of {@code entries} (log order) restores: those whose latest decision in it is
   * an unhide, less the comments published in the second itself (they are among its comments
   * already); the first {@value Snapshot#MAX_COMMENTS} named.
   */
  static List<String> toRestore(List<Comment> entries) {
    List<String> unhidden = Moderation.unhiddenBy(entries);
    if (unhidden.isEmpty()) {
      return List.of();
    }
    Set<String> published = new HashSet<>();
    for (Comment entry : entries) {
      if (!entry.isDecision()) {
        published.add(entry.id());
      }
    }
    return unhidden.stream()
        .filter(id -> !published.contains(id))
        .limit(Snapshot.MAX_COMMENTS)
        .toList();
  }

  /**
   * {@code snapshot} with the comments {@code ids} name as its {@code restored}, oldest first. A
   * comment not found (or not one the second can restore) is left out with a warning, so a video's
   * seconds are never held up by it.
   *
   * @throws RuntimeException what the lookup throws: the second is not ready to be stored
   */
  Snapshot restore(Snapshot snapshot, List<String> ids) {
    List<Comment> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      Optional<Comment> comment = lookup.find(snapshot.videoId(), id);
      if (comment.isPresent() && restorable(snapshot, id, comment.get())) {
        found.add(comment.get());
      } else {
        LOG.warn(
            "comment {} of {} unhidden in second {} not found; that second is written without it",
            id,
            snapshot.videoId(),
            snapshot.second());
      }
    }
    found.sort(Comparator.comparingLong(Comment::seq));
    List<Comment> restored = new ArrayList<>(found.size());
    for (Comment comment : found) {
      // Two ids at one seq cannot both be in the log: keep one rather than refuse the second.
      if (restored.isEmpty() || restored.get(restored.size() - 1).seq() != comment.seq()) {
        restored.add(comment);
      }
    }
    return snapshot.withRestored(restored);
  }

  private static boolean restorable(Snapshot snapshot, String id, Comment comment) {
    return comment.id().equals(id)
        && comment.videoId().equals(snapshot.videoId())
        && !comment.isDecision()
        && comment.seq() <= snapshot.lastSeq();
  }
}
