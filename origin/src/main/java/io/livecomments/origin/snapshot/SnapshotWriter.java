package io.livecomments.origin.snapshot;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.origin.batch.BatchSink;
import io.livecomments.sampling.Sampling;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotSchedule;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out stage's snapshot writer: cuts each video's published batches into 1-second {@link
 * Snapshot}s and puts every closed second into the {@link SnapshotStore}.
 *
 * <p>Which second: a comment belongs to the second of this writer's clock when its batch is
 * published (never its {@code createdAt}), and a video's seconds never go back, so the snapshots
 * partition the log in seq order and carry the same cursors as the stream. Replayed comments (seq
 * at or below the newest seen) are skipped.
 *
 * <p>Closing: a ticker every {@code tick} closes second S once the clock passes S+1 plus {@code
 * margin}, and writes a snapshot for every second of every video that had a comment within {@code
 * retention}, empty seconds included, so a poller never has to guess. A second with more than
 * {@value Snapshot#MAX_COMMENTS} comments keeps {@link Sampling#select}'s subset (priority authors
 * first) and counts all of them in {@code represents}. A video quiet for {@code retention} is
 * forgotten: memory is bounded by the active videos (plus the comments of their open seconds).
 *
 * <p>Moderation: a decision published in a second moves that second's {@code lastSeq} like a
 * comment; the comments its hides name are left out of the second if they are in it, and listed in
 * its {@code hidden} (closed earlier seconds are immutable, so pollers drop them from what they
 * show). Seconds closed later never hold them: they are published once. The comments its unhides
 * name are carried in full in the second's {@code restored}, so pollers put them back; an unhide
 * carries only ids, so the ticker looks the comments up through the {@link CommentLookup} just
 * before it stores the second (never under the lock, never on the batcher's thread). Within one
 * second the latest decision about a comment wins. A lookup that throws is a failed put (retried
 * next tick, in order); a comment not found is left out with a warning.
 *
 * <p>Stored: each batch's {@code stored} callback runs once the second the batch fell into is in
 * the store (seconds of a video are stored in order, so every earlier one is too, including the
 * ones holding replayed comments), or once that second has been given up for being older than the
 * retention. The fan-out stage waits for it before the log may pass the batch's comments, so an
 * origin that dies with seconds unwritten leaves their comments to the next one. Callbacks run on
 * the ticker's thread, outside the lock.
 *
 * <p>Threads: {@link #accept} runs on the batcher's thread under its lock and only appends to
 * memory; the store is written on the scheduler's thread (give the writer a scheduler of its own: a
 * slow store must not hold up batching), outside this writer's lock, one video's seconds in
 * increasing order. A failed put is logged and retried on the next tick, in order, for as long as
 * the second is within retention. {@link #close} stops the ticker; unwritten seconds are dropped,
 * and their batches are never reported stored.
 */
public final class SnapshotWriter implements BatchSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

  private final SnapshotStore store;
  private final Restorer restorer;
  private final InstantSource clock;
  private final long marginMillis;
  private final long retentionSeconds;
  private final Scheduler.Cancellable ticker;
  private final Map<VideoId, Video> videos = new HashMap<>();

  /** One video's open seconds and cursor; guarded by the writer's lock except {@code unwritten}. */
  private static final class Video {
    final TreeMap<Long, List<Comment>> open = new TreeMap<>();
    long newestSecond;
    long closedThrough;
    long lastSeq;

    /** The cursor at the end of the last closed second. */
    long closedLastSeq;

    long lastCommentSecond;

    /** The stored callbacks of accepted batches, by the second they wait for. */
    final TreeMap<Long, List<Runnable>> waiting = new TreeMap<>();

    /** Closed but not yet stored, oldest first; touched only by the ticker's thread. */
    final ArrayDeque<Closed> unwritten = new ArrayDeque<>();
  }

  /**
   * A closed second, the ids of the comments it restores (still to be looked up), and the callbacks
   * to run once it is stored.
   */
  private record Closed(Snapshot snapshot, List<String> restore, List<Runnable> stored) {}

  /**
   * @param tick how often closed seconds are looked for
   * @param margin how long after a second ends it is closed (room for batches in flight)
   * @param retention how long a quiet video keeps getting (empty) snapshots
   * @param lookup finds the comments unhides restore
   */
  public SnapshotWriter(
      SnapshotStore store,
      CommentLookup lookup,
      Scheduler scheduler,
      InstantSource clock,
      Duration tick,
      Duration margin,
      Duration retention) {
    this.store = Objects.requireNonNull(store, "store");
    this.restorer = new Restorer(lookup);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (margin.isNegative() || margin.toMillis() >= 1000) {
      throw new IllegalArgumentException("margin must be 0..999 ms: " + margin);
    }
    if (retention.getSeconds() < 1) {
      throw new IllegalArgumentException("retention must be at least 1 s: " + retention);
    }
    this.marginMillis = margin.toMillis();
    this.retentionSeconds = retention.getSeconds();
    this.ticker = scheduler.scheduleAtFixedRate(tick, this::closeSeconds);
  }

  /**
   * On {@link SnapshotSchedule#DEFAULT}, the schedule pollers hold open seconds by; keeps quiet
   * videos for the store's retention.
   */
  public static SnapshotWriter withDefaults(
      SnapshotStore store, CommentLookup lookup, Scheduler scheduler, InstantSource clock) {
    SnapshotSchedule schedule = SnapshotSchedule.DEFAULT;
    return new SnapshotWriter(
        store,
        lookup,
        scheduler,
        clock,
        schedule.tick(),
        schedule.margin(),
        SnapshotStore.RETENTION);
  }

  @Override
  public synchronized void accept(CommentBatch batch, Runnable stored) {
    Video video = videos.get(batch.videoId());
    long now = Math.floorDiv(clock.millis(), 1000);
    if (video == null) {
      video = new Video();
      video.closedThrough = now - 1;
      videos.put(batch.videoId(), video);
    }
    long second = Math.max(now, Math.max(video.newestSecond, video.closedThrough + 1));
    List<Comment> bucket = null;
    for (Comment comment : batch.comments()) {
      if (comment.seq() <= video.lastSeq) {
        continue;
      }
      if (bucket == null) {
        bucket = video.open.computeIfAbsent(second, s -> new ArrayList<>());
      }
      bucket.add(comment);
      video.lastSeq = comment.seq();
    }
    if (bucket != null) {
      video.newestSecond = second;
      video.lastCommentSecond = second;
    }
    // Even a batch of replays only: this second is stored after every earlier one holding them.
    video.waiting.computeIfAbsent(second, s -> new ArrayList<>()).add(stored);
  }

  /** Videos whose seconds are still being written. */
  public synchronized int activeVideos() {
    return videos.size();
  }

  /** The ticker: closes every second that has ended, then stores them (outside the lock). */
  void closeSeconds() {
    List<Map.Entry<VideoId, Video>> toWrite = close(closable());
    for (Map.Entry<VideoId, Video> entry : toWrite) {
      write(entry.getKey(), entry.getValue());
    }
  }

  /** Seconds below this are closed. */
  private long closable() {
    return Math.floorDiv(clock.millis() - marginMillis, 1000);
  }

  private synchronized List<Map.Entry<VideoId, Video>> close(long closedBelow) {
    List<Map.Entry<VideoId, Video>> toWrite = new ArrayList<>(videos.size());
    for (Iterator<Map.Entry<VideoId, Video>> it = videos.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<VideoId, Video> entry = it.next();
      Video video = entry.getValue();
      long cursor = video.closedLastSeq;
      // After a stall (or a clock jump) seconds older than the retention are not worth writing,
      // unless they hold comments.
      long from =
          Math.max(
              video.closedThrough + 1,
              Math.min(
                  closedBelow - retentionSeconds,
                  video.open.isEmpty() ? Long.MAX_VALUE : video.open.firstKey()));
      for (long s = from; s < closedBelow; s++) {
        List<Comment> comments = video.open.remove(s);
        List<Runnable> stored = storedWith(video, s);
        if (comments == null) {
          video.unwritten.add(
              new Closed(Snapshot.empty(entry.getKey(), s, cursor), List.of(), stored));
          continue;
        }
        cursor = comments.get(comments.size() - 1).seq();
        List<Comment> visible = Moderation.visible(comments);
        video.unwritten.add(
            new Closed(
                new Snapshot(
                    entry.getKey(),
                    s,
                    Sampling.select(visible, Snapshot.MAX_COMMENTS),
                    visible.size(),
                    cursor,
                    Moderation.hiddenBy(comments)),
                Restorer.toRestore(comments),
                stored));
      }
      video.closedLastSeq = cursor;
      video.closedThrough = Math.max(video.closedThrough, closedBelow - 1);
      toWrite.add(entry);
      if (video.open.isEmpty()
          && video.waiting.isEmpty()
          && video.closedThrough - video.lastCommentSecond >= retentionSeconds) {
        // Quiet for the whole retention: its last snapshots are written below, then it is
        // forgotten.
        it.remove();
      }
    }
    return toWrite;
  }

  /**
   * The callbacks due once {@code second} is stored: its own, and any of earlier seconds skipped
   * after a stall, which then wait for it.
   */
  private static List<Runnable> storedWith(Video video, long second) {
    NavigableMap<Long, List<Runnable>> due = video.waiting.headMap(second, true);
    if (due.isEmpty()) {
      return List.of();
    }
    List<Runnable> stored = new ArrayList<>();
    due.values().forEach(stored::addAll);
    due.clear();
    return stored;
  }

  private void write(VideoId videoId, Video video) {
    long oldest = closable() - retentionSeconds;
    while (!video.unwritten.isEmpty()) {
      Closed head = video.unwritten.peekFirst();
      Snapshot next = head.snapshot();
      if (next.second() < oldest) {
        // Given up: older than any poller may still ask for. Its batches are as stored as they
        // will ever be.
        video.unwritten.removeFirst().stored().forEach(Runnable::run);
        continue;
      }
      try {
        if (!head.restore().isEmpty()) {
          next = restorer.restore(next, head.restore());
          // Looked up once: a put that fails now is retried without looking up again.
          video.unwritten.removeFirst();
          video.unwritten.addFirst(new Closed(next, List.of(), head.stored()));
        }
        store.put(next);
      } catch (RuntimeException e) {
        LOG.warn(
            "snapshot {} of {} not stored; retrying next tick: {}",
            next.second(),
            videoId,
            e.toString());
        return;
      }
      video.unwritten.removeFirst().stored().forEach(Runnable::run);
    }
  }

  @Override
  public void close() {
    ticker.cancel();
  }
}
