package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.recent.RecentWindow;
import io.livecomments.sse.SseFrames;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ring of one video's recent comments on this hop, oldest first: what answers joins (the recent
 * context) and resumes (the comments after a cursor) without asking upstream.
 *
 * <p>Moderation decisions are entries too. A hide takes the comments it names out of the ring, so
 * no later join or resume sees them, and stays in the ring itself, so a resume from before it gets
 * it. An unhide only moves {@link #lastSeq}: live viewers are never sent a comment again.
 *
 * <p>It knows how far back it reaches: comments at or below {@link #floorSeq} may have left it (or
 * were never seen), so a cursor before the floor needs a backfill. Not thread-safe: its {@link
 * VideoChannel} guards it with the channel's lock.
 */
final class RecentRing {
  static final int JOIN_CONTEXT = RecentWindow.SIZE;

  private final VideoId videoId;
  private final SseFrames frames;
  private final int capacity;
  private final ArrayDeque<Comment> ring;

  private long floorSeq;
  private long lastSeq;
  private WireFrame contextFrame;
  private long contextFrameSeq = -1;

  RecentRing(VideoId videoId, SseFrames frames, int capacity) {
    if (capacity < JOIN_CONTEXT) {
      throw new IllegalArgumentException(
          "ring capacity must hold at least the join context of " + JOIN_CONTEXT + ": " + capacity);
    }
    this.videoId = videoId;
    this.frames = frames;
    this.capacity = capacity;
    this.ring = new ArrayDeque<>(capacity);
  }

  /** The newest seq this ring has taken, 0 before the first. */
  long lastSeq() {
    return lastSeq;
  }

  /** Comments at or below this seq may be missing: resuming from before it needs a backfill. */
  long floorSeq() {
    return floorSeq;
  }

  /** The seq of the oldest comment held, or the floor when empty: where a backfill must reach. */
  long oldestSeq() {
    return ring.isEmpty() ? floorSeq : ring.peekFirst().seq();
  }

  /**
   * Appends a comment or a decision newer than {@link #lastSeq}, pushing the oldest out when full.
   */
  void append(Comment comment) {
    if (comment.seq() <= lastSeq) {
      throw new IllegalArgumentException(
          "comment " + comment.id() + " at seq " + comment.seq() + " is not after " + lastSeq);
    }
    if (comment.isDecision()) {
      if (!comment.moderation().hides()) {
        lastSeq = comment.seq();
        return;
      }
      Set<String> hidden = new HashSet<>(comment.moderation().commentIds());
      ring.removeIf(c -> !c.isDecision() && hidden.contains(c.id()));
    }
    if (ring.size() == capacity) {
      floorSeq = Math.max(floorSeq, ring.removeFirst().seq());
    }
    ring.addLast(comment);
    lastSeq = comment.seq();
  }

  /**
   * Merges a source's recent comments (oldest first) with what the ring holds. When {@code
   * complete} is false older comments may exist that the ring never saw, so the floor moves up to
   * just before the oldest of them.
   */
  void seed(List<Comment> recent, boolean complete) {
    if (recent.isEmpty()) {
      return;
    }
    TreeMap<Long, Comment> merged = new TreeMap<>();
    recent.forEach(c -> merged.put(c.seq(), c));
    ring.forEach(c -> merged.put(c.seq(), c));
    refill(merged.values());
    if (!complete) {
      floorSeq = Math.max(floorSeq, recent.get(0).seq() - 1);
    }
  }

  /** Restarts from {@code recent} (oldest first): everything before it counts as missing. */
  void reset(List<Comment> recent) {
    if (recent.isEmpty()) {
      ring.clear();
      contextFrameSeq = -1;
    } else {
      refill(recent);
    }
    floorSeq = recent.isEmpty() ? lastSeq : recent.get(0).seq() - 1;
  }

  /**
   * Whether comments fetched from before the ring (oldest first) join up with it without a gap:
   * they reach at least the floor.
   */
  boolean reaches(List<Comment> older) {
    return !older.isEmpty() && older.get(older.size() - 1).seq() >= floorSeq;
  }

  /**
   * Puts comments older than the ring back into it when they join up with it without a gap and all
   * fit; otherwise leaves the ring as it was and answers false (see {@link #reaches} for which).
   *
   * @param after the cursor the older comments were fetched after
   */
  boolean mergeOlder(long after, List<Comment> older) {
    if (!reaches(older)) {
      return false;
    }
    TreeMap<Long, Comment> merged = new TreeMap<>();
    for (Comment comment : older) {
      if (comment.seq() > after && comment.seq() <= lastSeq) {
        merged.put(comment.seq(), comment);
      }
    }
    ring.forEach(c -> merged.put(c.seq(), c));
    if (merged.size() > capacity) {
      return false;
    }
    refill(merged.values());
    floorSeq = Math.min(floorSeq, after);
    return true;
  }

  /** Replaces the ring's content by {@code comments}, in seq order. */
  private void refill(Iterable<Comment> comments) {
    long last = lastSeq;
    ring.clear();
    lastSeq = 0;
    comments.forEach(this::append);
    if (ring.isEmpty()) {
      lastSeq = last;
    }
    contextFrameSeq = -1;
  }

  /** The comments after {@code after}, oldest first. */
  List<Comment> after(long after) {
    List<Comment> missed = new ArrayList<>();
    for (Comment comment : ring) {
      if (comment.seq() > after) {
        missed.add(comment);
      }
    }
    return missed;
  }

  /**
   * The entries after {@code after} as frames, in log order: runs of comments in frames of at most
   * {@link #JOIN_CONTEXT} comments each, and a {@code hide} frame for each hide.
   */
  List<WireFrame> framesAfter(long after) {
    List<WireFrame> out = new ArrayList<>();
    List<Comment> run = new ArrayList<>();
    for (Comment entry : after(after)) {
      if (entry.isDecision()) {
        flush(run, out);
        out.add(WireFrame.of(frames.hide(entry)));
      } else {
        run.add(entry);
        if (run.size() == JOIN_CONTEXT) {
          flush(run, out);
        }
      }
    }
    flush(run, out);
    return out;
  }

  private void flush(List<Comment> run, List<WireFrame> out) {
    if (!run.isEmpty()) {
      out.add(WireFrame.of(frames.comments(CommentBatch.of(videoId, run))));
      run.clear();
    }
  }

  /**
   * The recent context as one frame: the newest {@link #JOIN_CONTEXT} comments (none hidden, no
   * decisions) in a {@code comments} event, followed by a {@code hide} event for each hide newer
   * than the last of them. A viewer ignores hides of comments it never saw; a relay seeded from
   * this context keeps them in its ring, so its own resumes from before a hide still get it. Null
   * when the ring holds neither. One frame serves every join until the ring changes.
   */
  WireFrame contextFrame() {
    // A join storm after a popular start reuses one frame until the next batch changes it.
    if (contextFrameSeq != lastSeq) {
      List<Comment> context = new ArrayList<>(JOIN_CONTEXT);
      List<Comment> newerHides = new ArrayList<>();
      for (Iterator<Comment> newest = ring.descendingIterator();
          newest.hasNext() && context.size() < JOIN_CONTEXT; ) {
        Comment entry = newest.next();
        if (!entry.isDecision()) {
          context.add(entry);
        } else if (context.isEmpty()) {
          newerHides.add(entry);
        }
      }
      Collections.reverse(context);
      Collections.reverse(newerHides);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (!context.isEmpty()) {
        bytes.writeBytes(frames.comments(CommentBatch.of(videoId, context)));
      }
      newerHides.forEach(hide -> bytes.writeBytes(frames.hide(hide)));
      contextFrame = bytes.size() == 0 ? null : WireFrame.of(bytes.toByteArray());
      contextFrameSeq = lastSeq;
    }
    return contextFrame;
  }
}
