package io.livecomments.recent;

import com.github.benmanes.caffeine.cache.Cache;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.time.ClockedCaches;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The embedded {@link RecentWindow}: a Caffeine cache of one small ring per video.
 *
 * <p>A video expires {@code idleTimeout} after it was last appended to or read (time from the
 * injected clock), and at most {@code maxVideos} videos are held (size-based eviction favours
 * videos in use); an expired or evicted video reads as empty until its next append. Each window
 * holds at most {@value RecentWindow#SIZE} comments.
 *
 * <p>Thread-safe: appends to one video are serialized and a read returns a consistent copy. {@link
 * #close} drops every window; using the window afterwards throws {@link IllegalStateException}.
 */
public final class InMemoryRecentWindow implements RecentWindow {
  private final Cache<VideoId, Window> windows;
  private volatile boolean closed;

  /**
   * @param idleTimeout how long a video is kept after its last append or read
   * @param maxVideos how many videos' windows are held at most
   * @param clock the time idleness is measured in
   */
  public InMemoryRecentWindow(Duration idleTimeout, long maxVideos, InstantSource clock) {
    if (idleTimeout == null || idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (maxVideos < 1) {
      throw new IllegalArgumentException("maxVideos must be at least 1: " + maxVideos);
    }
    Objects.requireNonNull(clock, "clock");
    this.windows = ClockedCaches.builder(clock, maxVideos).expireAfterAccess(idleTimeout).build();
  }

  @Override
  public void append(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    windows.get(batch.videoId(), v -> new Window()).append(batch.comments());
  }

  @Override
  public List<Comment> recent(VideoId videoId) {
    Objects.requireNonNull(videoId, "videoId");
    checkOpen();
    Window window = windows.getIfPresent(videoId);
    return window == null ? List.of() : window.snapshot();
  }

  @Override
  public void close() {
    closed = true;
    windows.invalidateAll();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("recent window is closed");
    }
  }

  private static final class Window {
    private final ArrayDeque<Comment> comments = new ArrayDeque<>(SIZE);
    private long newestSeq;

    synchronized void append(List<Comment> batch) {
      for (Comment comment : batch) {
        if (comment.seq() <= newestSeq) {
          continue;
        }
        if (comments.size() == SIZE) {
          comments.removeFirst();
        }
        comments.addLast(comment);
        newestSeq = comment.seq();
      }
    }

    synchronized List<Comment> snapshot() {
      return List.copyOf(comments);
    }
  }
}
