package io.livecomments.origin.batch;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.log.DeferredLogListener;
import io.livecomments.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes per-video batches from the log's comments (the fan-out stage's clock).
 *
 * <p>Leading edge, then window: comments that reach a quiet video go out at once; comments that
 * follow within the window are gathered and flushed when it ends (or earlier when the batch is
 * full). So batching delays comments only during bursts, by at most one window. A video's state
 * lives only while it is inside a window, so memory is bounded by the videos active right now.
 *
 * <p>Batches of one video are handed to the sink in log order, one at a time, under this batcher's
 * lock: the sink must not block for long.
 *
 * <p>A sink that throws (Redis down) loses nothing: the comments stay gathered in the video's
 * window and are handed over again at the end of every window until the sink takes them. Later
 * comments of the video queue behind them, so order holds. A run the log gave is reported handled
 * only once the sink has taken and stored every comment of it ({@link BatchSink}), so the log's
 * position never passes a comment still gathered here or not yet in its snapshot: after a crash the
 * group's next reader publishes it, and during an outage the log stops giving more once too many
 * are held (its bound, not this class's).
 */
public final class VideoBatcher implements DeferredLogListener {
  private static final Logger LOG = LoggerFactory.getLogger(VideoBatcher.class);

  private final BatchPolicy policy;
  private final Scheduler scheduler;
  private final BatchSink sink;
  private final Map<VideoId, Window> open = new HashMap<>();

  /** A video inside its batching window: what it has gathered since the last flush. */
  private static final class Window {
    final List<Comment> pending = new ArrayList<>();

    /** The runs from the log some of whose comments are in {@code pending}. */
    final List<Countdown> runs = new ArrayList<>();

    Scheduler.Cancellable tick;
  }

  /**
   * Runs its action when counted down to zero, once, on whichever thread counts last: the
   * batcher's, or the one the sink reports a store from. A run from the log counts the flushes of
   * its comments not yet stored; a flush counts its batches not yet stored.
   */
  private static final class Countdown {
    private final AtomicInteger left;
    private final Runnable atZero;

    Countdown(int count, Runnable atZero) {
      this.left = new AtomicInteger(count);
      this.atZero = atZero;
    }

    void add() {
      left.incrementAndGet();
    }

    void countDown() {
      if (left.decrementAndGet() == 0) {
        atZero.run();
      }
    }
  }

  public VideoBatcher(BatchPolicy policy, Scheduler scheduler, BatchSink sink) {
    this.policy = policy;
    this.scheduler = scheduler;
    this.sink = sink;
  }

  @Override
  public synchronized void onComments(List<Comment> comments, Runnable handled) {
    Map<VideoId, List<Comment>> byVideo = new LinkedHashMap<>();
    for (Comment comment : comments) {
      byVideo.computeIfAbsent(comment.videoId(), v -> new ArrayList<>()).add(comment);
    }
    // Counts one for its own spreading, so that a flush stored meanwhile cannot report it.
    Countdown run = new Countdown(1, handled);
    byVideo.forEach((videoId, arrived) -> accept(videoId, arrived, run));
    run.countDown();
  }

  /** Videos inside a batching window right now. */
  public synchronized int openWindows() {
    return open.size();
  }

  private void accept(VideoId videoId, List<Comment> arrived, Countdown run) {
    Window window = open.get(videoId);
    if (window == null) {
      // Quiet video: what arrived together goes out together, now.
      window = new Window();
      open.put(videoId, window);
      gather(window, arrived, run);
      flush(videoId, window);
      startWindow(videoId, window);
      return;
    }
    gather(window, arrived, run);
    if (window.pending.size() >= policy.maxComments()) {
      window.tick.cancel();
      flush(videoId, window);
      startWindow(videoId, window);
    }
  }

  private static void gather(Window window, List<Comment> arrived, Countdown run) {
    window.pending.addAll(arrived);
    run.add();
    window.runs.add(run);
  }

  private void startWindow(VideoId videoId, Window window) {
    window.tick = scheduler.schedule(policy.window(), () -> windowEnded(videoId, window));
  }

  private synchronized void windowEnded(VideoId videoId, Window window) {
    if (open.get(videoId) != window) {
      return;
    }
    if (window.pending.isEmpty()) {
      open.remove(videoId);
      return;
    }
    flush(videoId, window);
    startWindow(videoId, window);
  }

  private void flush(VideoId videoId, Window window) {
    List<CommentBatch> batches = batches(videoId, window.pending);
    List<Countdown> runs = List.copyOf(window.runs);
    // When a batch is refused, those taken before it report stores that never complete this flush:
    // its runs stay held, for the retry's flush to release.
    Countdown unstored = new Countdown(batches.size(), () -> runs.forEach(Countdown::countDown));
    try {
      for (CommentBatch batch : batches) {
        sink.accept(batch, unstored::countDown);
      }
    } catch (RuntimeException e) {
      // Kept for the next window: later comments of the video must not overtake them.
      LOG.warn(
          "fan-out of {} comments of {} failed; retrying after the window",
          window.pending.size(),
          videoId,
          e);
      return;
    }
    window.pending.clear();
    window.runs.clear();
  }

  /** The window's comments in batches of at most the policy's maximum. */
  private List<CommentBatch> batches(VideoId videoId, List<Comment> comments) {
    List<CommentBatch> batches = new ArrayList<>();
    for (int from = 0; from < comments.size(); from += policy.maxComments()) {
      int to = Math.min(comments.size(), from + policy.maxComments());
      batches.add(CommentBatch.of(videoId, comments.subList(from, to)));
    }
    return batches;
  }
}
