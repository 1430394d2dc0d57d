package io.livecomments.origin.batch;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.log.LogListener;
import io.livecomments.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 * <p>A sink that throws (Redis down) loses nothing: the comments stay gathered in the video's window
 * and are handed over again at the end of every window until the sink takes them. Later comments of
 * the video queue behind them, so order holds; what piles up meanwhile is bounded by the outage.
 */
public final class VideoBatcher implements LogListener {
  private static final Logger LOG = LoggerFactory.getLogger(VideoBatcher.class);

  private final BatchPolicy policy;
  private final Scheduler scheduler;
  private final Consumer<CommentBatch> sink;
  private final Map<VideoId, Window> open = new HashMap<>();

  /** A video inside its batching window: what it has gathered since the last flush. */
  private static final class Window {
    final List<Comment> pending = new ArrayList<>();
    Scheduler.Cancellable tick;
  }

  public VideoBatcher(BatchPolicy policy, Scheduler scheduler, Consumer<CommentBatch> sink) {
    this.policy = policy;
    this.scheduler = scheduler;
    this.sink = sink;
  }

  @Override
  public synchronized void onComments(List<Comment> comments) {
    Map<VideoId, List<Comment>> byVideo = new LinkedHashMap<>();
    for (Comment comment : comments) {
      byVideo.computeIfAbsent(comment.videoId(), v -> new ArrayList<>()).add(comment);
    }
    byVideo.forEach(this::accept);
  }

  /** Videos inside a batching window right now. */
  public synchronized int openWindows() {
    return open.size();
  }

  private void accept(VideoId videoId, List<Comment> arrived) {
    Window window = open.get(videoId);
    if (window == null) {
      // Quiet video: what arrived together goes out together, now.
      window = new Window();
      open.put(videoId, window);
      window.pending.addAll(arrived);
      flush(videoId, window);
      startWindow(videoId, window);
      return;
    }
    window.pending.addAll(arrived);
    if (window.pending.size() >= policy.maxComments()) {
      window.tick.cancel();
      flush(videoId, window);
      startWindow(videoId, window);
    }
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
    try {
      emit(videoId, window.pending);
    } catch (RuntimeException e) {
      // Kept for the next window; the log has already moved on, so dropping would lose them.
      LOG.warn(
          "fan-out of {} comments of {} failed; retrying after the window",
          window.pending.size(),
          videoId,
          e);
      return;
    }
    window.pending.clear();
  }

  private void emit(VideoId videoId, List<Comment> comments) {
    for (int from = 0; from < comments.size(); from += policy.maxComments()) {
      List<Comment> part = comments.subList(from, Math.min(comments.size(), from + policy.maxComments()));
      sink.accept(CommentBatch.of(videoId, part));
    }
  }
}
