package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.recent.RecentWindow;
import io.livecomments.sse.SseFrames;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ring of one video's recent comments on this hop, oldest first: what answers joins (the recent
 * context) and resumes (the comments after a cursor) without asking upstream.
 *
 * <p>Moderation decisions are entries too, and stay in the ring so a resume from before one gets
 * it. A hide takes the comments it names out of the ring, so no later join or resume sees them. The
 * ring keeps the comments a hide took out while it still reaches back to them, so an unhide puts
 * them back at their place: later joins see them again. A resume does not (live viewers are never
 * sent a comment again, only the unhide): a comment followed by a hide of it among the entries a
 * resume gets is left out of them, as it was gone from the live stream.
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

  /** Comments of the ring's span that a hide took out, by id: an unhide puts them back. */
  private final Map<String, Comment> hidden = new LinkedHashMap<>();

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

  /**
   * Where a backfill must reach: the oldest entry held, or the floor when the ring is empty or the
   * floor is above it (a ring seeded from a join context).
   */
  long oldestSeq() {
    return ring.isEmpty() ? floorSeq : Math.max(floorSeq, ring.peekFirst().seq());
  }

  /**
   * Appends a comment or a decision newer than {@link #lastSeq}, pushing the oldest out when full.
   */
  void append(Comment comment) {
    if (comment.seq() <= lastSeq) {
      throw new IllegalArgumentException(
          "comment " + comment.id() + " at seq " + comment.seq() + " is not after " + lastSeq);
    }
    if (comment.isDecision() && !comment.moderation().hides()) {
      restore(comment.moderation().commentIds());
    } else if (comment.isDecision()) {
      Set<String> named = new HashSet<>(comment.moderation().commentIds());
      for (Iterator<Comment> it = ring.iterator(); it.hasNext(); ) {
        Comment held = it.next();
        if (!held.isDecision() && named.contains(held.id())) {
          it.remove();
          hidden.put(held.id(), held);
        }
      }
    }
    if (ring.size() == capacity) {
      floorSeq = Math.max(floorSeq, ring.removeFirst().seq());
      hidden.values().removeIf(c -> c.seq() <= floorSeq);
    }
    ring.addLast(comment);
    lastSeq = comment.seq();
  }

  /** Puts comments a hide took out back at their place in the ring (an unhide). */
  private void restore(List<String> ids) {
    TreeMap<Long, Comment> merged = new TreeMap<>();
    for (String id : ids) {
      Comment comment = hidden.remove(id);
      if (comment != null) {
        merged.put(comment.seq(), comment);
      }
    }
    if (!merged.isEmpty()) {
      ring.forEach(c -> merged.put(c.seq(), c));
      ring.clear();
      ring.addAll(merged.values());
      trim();
    }
  }

  /** Pushes the oldest out while more than the capacity is held, as appends would have. */
  private void trim() {
    while (ring.size() > capacity) {
      floorSeq = Math.max(floorSeq, ring.removeFirst().seq());
    }
    hidden.values().removeIf(c -> c.seq() <= floorSeq);
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
    TreeMap<Long, Comment> merged = held();
    recent.forEach(c -> merged.put(c.seq(), c));
    ring.forEach(c -> merged.put(c.seq(), c));
    refill(merged.values());
    if (!complete) {
      floorSeq = Math.max(floorSeq, recent.get(0).seq() - 1);
    }
  }

  /**
   * Merges an upstream's join context (its newest comments, oldest first) with what the ring holds.
   * A context holds no decision older than its newest comment (the decisions after it come as
   * events of their own), so a resume from before that comment may be owed a hide the ring never
   * saw: the floor moves up to it, and such resumes are backfilled with the decisions.
   */
  void seedFromContext(List<Comment> context) {
    seed(context, false);
    if (!context.isEmpty()) {
      floorSeq = Math.max(floorSeq, context.get(context.size() - 1).seq());
    }
  }

  /** As {@link #reset} from an upstream's join context, its floor as {@link #seedFromContext}. */
  void resetFromContext(List<Comment> context) {
    reset(context);
    if (!context.isEmpty()) {
      floorSeq = context.get(context.size() - 1).seq();
    }
  }

  /** Restarts from {@code recent} (oldest first): everything before it counts as missing. */
  void reset(List<Comment> recent) {
    if (recent.isEmpty()) {
      ring.clear();
      hidden.clear();
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
    TreeMap<Long, Comment> merged = held();
    for (Comment comment : older) {
      if (comment.seq() > after && comment.seq() <= lastSeq) {
        merged.put(comment.seq(), comment);
      }
    }
    ring.forEach(c -> merged.put(c.seq(), c));
    if (kept(merged.values()).size() > capacity) {
      return false;
    }
    refill(merged.values());
    floorSeq = Math.min(floorSeq, after);
    return true;
  }

  /** The comments hidden within the ring's span, by seq: refilling hides them again. */
  private TreeMap<Long, Comment> held() {
    TreeMap<Long, Comment> merged = new TreeMap<>();
    hidden.values().forEach(c -> merged.put(c.seq(), c));
    return merged;
  }

  /**
   * Replaces the ring's content by {@code entries} (in seq order) as if each had been appended:
   * comments that a later hide among them names (and no later unhide) are held aside, decisions are
   * kept, and the oldest leave when more than the capacity remain.
   */
  private void refill(Collection<Comment> entries) {
    List<Comment> keep = kept(entries);
    ring.clear();
    hidden.clear();
    ring.addAll(keep);
    Set<Comment> kept = new HashSet<>(keep);
    for (Comment entry : entries) {
      if (!entry.isDecision() && !kept.contains(entry)) {
        hidden.put(entry.id(), entry);
      }
      // Never back: the channel drops what is at or below it.
      lastSeq = Math.max(lastSeq, entry.seq());
    }
    trim();
    contextFrameSeq = -1;
  }

  /** The entries (in seq order) a refill keeps in the ring. */
  private static List<Comment> kept(Collection<Comment> entries) {
    Set<String> endHidden = new HashSet<>(Moderation.hiddenBy(List.copyOf(entries)));
    return entries.stream().filter(e -> e.isDecision() || !endHidden.contains(e.id())).toList();
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
   * The entries after {@code after} as frames, in log order (see {@link ResumeFrames#of}): what a
   * viewer resuming from {@code after} within the ring gets.
   */
  List<WireFrame> framesAfter(long after) {
    return ResumeFrames.of(videoId, after(after), frames);
  }

  /**
   * The recent context as one frame: the newest {@link #JOIN_CONTEXT} comments (none hidden, no
   * decisions) in a {@code comments} event, followed by a {@code hide} or {@code unhide} event for
   * each decision newer than the last of them, so the viewer's last event id is the ring's newest.
   * A viewer ignores hides of comments it never saw and every unhide; a relay seeded from this
   * context keeps them in its ring, so its own resumes from before a decision still get it. A hide
   * names no comment an unhide has put back since. Null when the ring holds neither. One frame
   * serves every join until the ring changes.
   */
  WireFrame contextFrame() {
    // A join storm after a popular start reuses one frame until the next batch changes it.
    if (contextFrameSeq != lastSeq) {
      List<Comment> context = new ArrayList<>(JOIN_CONTEXT);
      List<Comment> newerDecisions = new ArrayList<>();
      for (Iterator<Comment> newest = ring.descendingIterator();
          newest.hasNext() && context.size() < JOIN_CONTEXT; ) {
        Comment entry = newest.next();
        if (!entry.isDecision()) {
          context.add(entry);
        } else if (context.isEmpty()) {
          newerDecisions.add(entry);
        }
      }
      Collections.reverse(context);
      Collections.reverse(newerDecisions);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (!context.isEmpty()) {
        bytes.writeBytes(frames.comments(CommentBatch.of(videoId, context)));
      }
      for (Comment decision : newerDecisions) {
        Comment sent = decision.moderation().hides() ? withoutShown(decision) : decision;
        if (sent != null) {
          bytes.writeBytes(frames.decision(sent));
        }
      }
      contextFrame = bytes.size() == 0 ? null : WireFrame.of(bytes.toByteArray());
      contextFrameSeq = lastSeq;
    }
    return contextFrame;
  }

  /**
   * The hide without the comments an unhide has put back in the ring since (a late joiner is shown
   * them), or null when it names none that are still hidden.
   */
  private Comment withoutShown(Comment hide) {
    Set<String> shown = new HashSet<>();
    ring.forEach(c -> shown.add(c.isDecision() ? "" : c.id()));
    List<String> ids =
        hide.moderation().commentIds().stream().filter(id -> !shown.contains(id)).toList();
    if (ids.size() == hide.moderation().commentIds().size()) {
      return hide;
    }
    return ids.isEmpty()
        ? null
        : new Comment(
            hide.id(),
            hide.videoId(),
            hide.seq(),
            hide.author(),
            hide.text(),
            hide.createdAt(),
            new Moderation(Moderation.Action.HIDE, ids, hide.moderation().reason()));
  }
}
