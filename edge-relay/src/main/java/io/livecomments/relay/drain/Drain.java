package io.livecomments.relay.drain;

import io.livecomments.stream.StreamHop;
import io.livecomments.stream.Viewer;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Empties a hop before it stops: no new streams (503, and {@code /readyz} false), then the open
 * ones closed a few at a time over the drain window, each with a jittered {@code retry:} hint, so
 * viewers reconnect to other relays spread out instead of in one storm. Runs once.
 */
public final class Drain {
  private static final Duration TICK = Duration.ofMillis(100);

  /** Ticks past the window to wait for the last closed streams to flush. */
  private static final int FLUSH_TICKS = 20;

  private final StreamHop hop;
  private final Scheduler scheduler;
  private final long ticks;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private List<Viewer> viewers;
  private int closed;
  private long tick;
  private Scheduler.Cancellable task;

  public Drain(StreamHop hop, Scheduler scheduler, Duration window) {
    this.hop = hop;
    this.scheduler = scheduler;
    this.ticks = Math.max(1, window.toMillis() / TICK.toMillis());
  }

  /** Starts draining; completes when every stream has ended (or shortly after the window). */
  public synchronized CompletableFuture<Void> start() {
    if (task == null) {
      hop.admission().startDraining();
      viewers = new ArrayList<>(hop.channels().viewers());
      Collections.shuffle(viewers, new Random());
      task = scheduler.scheduleAtFixedRate(TICK, this::tick);
    }
    return drained;
  }

  private synchronized void tick() {
    tick++;
    // Close the share due by this tick, so the last viewers go at the end of the window.
    int due = (int) Math.min(viewers.size(), viewers.size() * tick / ticks);
    for (; closed < due; closed++) {
      viewers.get(closed).finish(hop.retryHints().next());
    }
    if ((closed == viewers.size() && hop.admission().open() == 0) || tick > ticks + FLUSH_TICKS) {
      task.cancel();
      drained.complete(null);
    }
  }
}
