package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.sse.SseFrames;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One video's live stream on this hop: its {@link RecentRing ring} of recent comments and the
 * viewers watching it.
 *
 * <p>Every batch is encoded once and the same read-only frame is queued for every viewer, by the
 * {@link ViewerWriters writer} that owns the viewer: the channel's {@link Broadcaster} keeps its
 * viewers in one group per writer, and everything that queues to streaming viewers (batches,
 * resets, heartbeats, decisions) is a task on their writer, so each viewer gets them in the order
 * they happened. Joins and batches are ordered by one lock, and each viewer remembers the newest
 * seq handed to it, so a viewer that joins while a batch is being broadcast gets that batch exactly
 * once: from its backlog or from the broadcast, never both.
 *
 * <p>Until its source {@link #seed seeds} it, the channel parks joining viewers (a relay's upstream
 * is still connecting). A viewer resuming from before the ring waits for one {@link Backfill}
 * shared by every such viewer of the video, and gets a {@code reset} when it cannot be filled.
 */
public final class VideoChannel {
  static final int JOIN_CONTEXT = RecentRing.JOIN_CONTEXT;

  private final VideoId videoId;
  private final SseFrames frames;
  private final StreamMetrics metrics;
  private final Backfill backfill;
  private final ViewerWriters writers;

  /** Admitted viewers, and what reaches them. */
  private final Broadcaster broadcaster;

  private final Object lock = new Object();
  private final RecentRing ring;
  private final WireFrame resetFrame;

  private boolean seeded;
  private final List<Joining> parked = new ArrayList<>();
  private CatchUp catchUp;

  private record Joining(Viewer viewer, OptionalLong after, int rounds) {
    Joining(Viewer viewer, OptionalLong after) {
      this(viewer, after, 0);
    }

    Joining again() {
      return new Joining(viewer, after, rounds + 1);
    }
  }

  /** Backfill rounds one resuming viewer may need while the ring keeps moving, before a reset. */
  private static final int MAX_CATCH_UP_ROUNDS = 3;

  /** The one backfill in flight for this video, and the viewers waiting for it. */
  private record CatchUp(long after, long through, List<Joining> waiters) {}

  public VideoChannel(
      VideoId videoId,
      SseFrames frames,
      StreamMetrics metrics,
      InstantSource clock,
      Backfill backfill,
      ViewerWriters writers,
      int ringCapacity) {
    this.ring = new RecentRing(videoId, frames, ringCapacity);
    this.videoId = videoId;
    this.frames = frames;
    this.metrics = metrics;
    this.backfill = backfill;
    this.writers = writers;
    this.broadcaster = new Broadcaster(videoId, frames, metrics, clock, writers);
    this.resetFrame = WireFrame.of(frames.reset(videoId, "cursor is older than this stream holds"));
  }

  public VideoId videoId() {
    return videoId;
  }

  /**
   * Merges the video's recent comments (oldest first) into the ring and admits the viewers parked
   * until now. When {@code complete} is false older comments may exist that the ring never saw, so
   * cursors before the oldest one need a backfill.
   */
  public void seed(List<Comment> recent, boolean complete) {
    seeded(() -> ring.seed(recent, complete));
  }

  /**
   * Seeds the ring from an upstream's join context (see {@link RecentRing#seedFromContext}: resumes
   * from before its newest comment are backfilled, as they may be owed hides) and admits the
   * viewers parked until now.
   */
  public void seedFromContext(List<Comment> context) {
    seeded(() -> ring.seedFromContext(context));
  }

  private void seeded(Runnable seedRing) {
    CatchUp started = null;
    List<Viewer> admitted;
    synchronized (lock) {
      seedRing.run();
      seeded = true;
      admitted = new ArrayList<>(parked.size());
      for (Joining joining : parked) {
        CatchUp catchUp = admit(joining);
        started = catchUp != null ? catchUp : started;
        admitted.add(joining.viewer());
      }
      parked.clear();
    }
    writers.flush(admitted);
    fetch(started);
  }

  /**
   * The source lost comments this hop never saw (its own upstream answered a resume with a reset):
   * the ring restarts from {@code recent} and every viewer gets a reset and the new context.
   */
  public void reset(List<Comment> recent) {
    reset(() -> ring.reset(recent));
  }

  /** As {@link #reset} from an upstream's join context (see {@link #seedFromContext}). */
  public void resetFromContext(List<Comment> context) {
    reset(() -> ring.resetFromContext(context));
  }

  private void reset(Runnable resetRing) {
    synchronized (lock) {
      resetRing.run();
      WireFrame context = ring.contextFrame();
      long through = ring.lastSeq();
      broadcaster.toAll(viewer -> resetViewer(viewer, context, through));
    }
  }

  /**
   * Appends a batch from the source and broadcasts the entries this hop has not seen yet: comments
   * in {@code comments} frames, each decision in its own {@code hide} or {@code unhide} frame, in
   * log order (an unhidden comment is back for later joins, never re-sent live). Joins wait only
   * for the ring update and the hand-over to the writers, not for the writes.
   */
  public void onBatch(CommentBatch batch) {
    synchronized (lock) {
      List<Comment> fresh = new ArrayList<>(batch.comments().size());
      for (Comment comment : batch.comments()) {
        if (comment.seq() > ring.lastSeq()) {
          fresh.add(comment);
          ring.append(comment);
        }
      }
      if (fresh.isEmpty()) {
        return;
      }
      broadcaster.entries(batch, fresh);
    }
    metrics.batchBroadcast();
  }

  /**
   * Adds a viewer: first the comments it lacks, then every later batch.
   *
   * @param after the cursor the viewer resumes from, empty for a fresh join (recent context)
   */
  public void join(Viewer viewer, OptionalLong after) {
    CatchUp started = null;
    synchronized (lock) {
      Joining joining = new Joining(viewer, after);
      if (seeded) {
        started = admit(joining);
      } else {
        parked.add(joining);
      }
    }
    // The backlog was queued under the lock; the socket write happens outside it.
    viewer.flush();
    fetch(started);
  }

  /**
   * Under the lock: queues the viewer's backlog (the caller starts the writes once the lock is
   * released) and returns the backfill this join started, to be fetched outside the lock.
   */
  private CatchUp admit(Joining joining) {
    Viewer viewer = joining.viewer();
    long through = ring.lastSeq();
    if (joining.after().isEmpty()) {
      queueContext(viewer);
    } else if (joining.after().getAsLong() < ring.floorSeq()) {
      return awaitBackfill(joining);
    } else if (FarCursor.isFarAhead(joining.after().getAsLong(), ring.lastSeq())) {
      // Parked before the hop knew the video: too late for a 400, not too late to re-sync.
      resetViewer(viewer, ring.contextFrame(), ring.lastSeq());
      broadcaster.admit(viewer);
      return null;
    } else if (joining.after().getAsLong() >= ring.lastSeq()) {
      // Ahead of this hop (a comment acknowledged but not yet fanned out, or a relay behind its
      // upstream): send what comes after the cursor once it arrives.
      through = joining.after().getAsLong();
    } else {
      ring.framesAfter(joining.after().getAsLong()).forEach(viewer::enqueue);
    }
    viewer.deliveredThrough(through);
    broadcaster.admit(viewer);
    return null;
  }

  private CatchUp awaitBackfill(Joining joining) {
    if (catchUp != null) {
      // A viewer from even further back is admitted after this round and starts the next one.
      catchUp.waiters().add(joining);
      return null;
    }
    long through = ring.oldestSeq();
    catchUp = new CatchUp(joining.after().getAsLong(), through, new ArrayList<>());
    catchUp.waiters().add(joining);
    return catchUp;
  }

  private void fetch(CatchUp started) {
    if (started != null) {
      backfill
          .fetch(videoId, started.after(), started.through())
          .whenComplete((older, failure) -> caughtUp(started, failure == null ? older : null));
    }
  }

  private void caughtUp(CatchUp done, List<Comment> older) {
    CatchUp next = null;
    List<Viewer> waiting = new ArrayList<>(done.waiters().size());
    synchronized (lock) {
      catchUp = null;
      boolean joined = older != null && ring.reaches(older);
      boolean filled = joined && ring.mergeOlder(done.after(), older);
      for (Joining waiter : done.waiters()) {
        if (filled || (joined && waiter.after().getAsLong() < done.after())) {
          // Merged into the ring, or from further back than this round fetched: admit it anew.
          CatchUp started = admit(waiter);
          next = started != null ? started : next;
        } else if (joined) {
          // More than the ring holds: the waiter gets it without the ring keeping it (or the part
          // that fits its queue, then comes back for the rest).
          long after = waiter.after().getAsLong();
          CatchUpBacklog.queue(
              waiter.viewer(), after, ring.lastSeq(), older, ring.after(after), frames);
          waiter.viewer().deliveredThrough(ring.lastSeq());
          broadcaster.admit(waiter.viewer());
        } else if (ringMovedOn(done, older) && waiter.rounds() < MAX_CATCH_UP_ROUNDS) {
          // A busy video: live comments pushed the ring past what this round fetched while it was
          // in flight. Fetch again, up to where the ring starts now, rather than reset.
          CatchUp started = admit(waiter.again());
          next = started != null ? started : next;
        } else {
          resetViewer(waiter.viewer(), ring.contextFrame(), ring.lastSeq());
          broadcaster.admit(waiter.viewer());
        }
        waiting.add(waiter.viewer());
      }
    }
    writers.flush(waiting);
    fetch(next);
  }

  /** Whether {@code older} reached where the ring began when {@code done} started, but not now. */
  private boolean ringMovedOn(CatchUp done, List<Comment> older) {
    return older != null
        && !older.isEmpty()
        && older.get(older.size() - 1).seq() >= done.through()
        && !ring.reaches(older);
  }

  /**
   * Queues a reset and the context through {@code through}: under the lock for a viewer not yet
   * admitted, on its writer for one streaming. False when that overflowed the viewer.
   */
  private boolean resetViewer(Viewer viewer, WireFrame context, long through) {
    viewer.enqueue(resetFrame);
    if (context != null) {
      viewer.enqueue(context);
    }
    viewer.deliveredThrough(through);
    return !viewer.isFinishing();
  }

  /**
   * Whether {@code cursor} is too far ahead of this channel to resume from (see {@link FarCursor}).
   */
  public boolean isFarAhead(long cursor) {
    synchronized (lock) {
      return seeded && FarCursor.isFarAhead(cursor, ring.lastSeq());
    }
  }

  public void leave(Viewer viewer) {
    if (!broadcaster.remove(viewer)) {
      synchronized (lock) {
        parked.removeIf(j -> j.viewer() == viewer);
        if (catchUp != null) {
          catchUp.waiters().removeIf(j -> j.viewer() == viewer);
        }
      }
    }
  }

  /**
   * Offers the same frame (a heartbeat) to every viewer, parked ones too; a streaming viewer gets
   * it after the batches broadcast before.
   */
  public void offerAll(WireFrame sharedFrame) {
    synchronized (lock) {
      broadcaster.toAll(viewer -> viewer.enqueue(sharedFrame));
    }
    List<Viewer> waiting = waiting();
    waiting.forEach(viewer -> viewer.enqueue(sharedFrame));
    writers.flush(waiting);
  }

  /** Every viewer of this channel, whether streaming or still waiting to be admitted. */
  public List<Viewer> viewers() {
    List<Viewer> all = new ArrayList<>();
    broadcaster.forEach(all::add);
    all.addAll(waiting());
    return all;
  }

  /** Viewers parked until the seed or waiting for a backfill. */
  private List<Viewer> waiting() {
    List<Viewer> waiting = new ArrayList<>();
    synchronized (lock) {
      parked.forEach(j -> waiting.add(j.viewer()));
      if (catchUp != null) {
        catchUp.waiters().forEach(j -> waiting.add(j.viewer()));
      }
    }
    return waiting;
  }

  public int viewerCount() {
    return broadcaster.size();
  }

  private void queueContext(Viewer viewer) {
    WireFrame context = ring.contextFrame();
    if (context != null) {
      viewer.enqueue(context);
    }
  }
}
