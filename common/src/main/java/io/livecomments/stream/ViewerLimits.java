package io.livecomments.stream;

/**
 * What one viewer may hold queued before it counts as too slow and is dropped with a {@code retry:}
 * hint. Frames are shared, so bytes here are what the viewer would still have to receive, not
 * memory it owns; the count bounds the queue's own memory.
 */
public record ViewerLimits(int maxQueuedFrames, long maxQueuedBytes) {
  public static final ViewerLimits DEFAULT = new ViewerLimits(256, 1 << 20);

  public ViewerLimits {
    if (maxQueuedFrames < 2) {
      throw new IllegalArgumentException("maxQueuedFrames must be at least 2: " + maxQueuedFrames);
    }
    if (maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedBytes must be at least 1024: " + maxQueuedBytes);
    }
  }
}
