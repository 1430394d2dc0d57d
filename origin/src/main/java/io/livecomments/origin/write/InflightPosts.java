package io.livecomments.origin.write;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the comment POSTs the origin holds at once, from their arrival to their answer (most
 * of it waiting for the log's acknowledgement). Past it a POST is refused at once instead of
 * queueing behind a slow or unreachable broker: memory stays bounded and the client hears so while
 * it can still retry elsewhere or later.
 */
public final class InflightPosts {
  private final int max;
  private final AtomicInteger held = new AtomicInteger();

  public InflightPosts(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    this.max = max;
  }

  /** Takes a place; false when all {@link #max} are held. Each true needs one {@link #release}. */
  public boolean tryAcquire() {
    while (true) {
      int now = held.get();
      if (now >= max) {
        return false;
      }
      if (held.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void release() {
    if (held.decrementAndGet() < 0) {
      held.incrementAndGet();
      throw new IllegalStateException("released more places than were taken");
    }
  }

  /** Places held now. */
  public int held() {
    return held.get();
  }

  public int max() {
    return max;
  }
}
