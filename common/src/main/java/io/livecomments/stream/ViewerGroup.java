package io.livecomments.stream;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The viewers of one channel that one {@link ViewerWriters writer} owns, and what is still to be
 * queued to them. Batches, resets and shared frames are appended to the group's log of {@link
 * Delivery deliveries}; each viewer holds its {@link Viewer#groupPosition position} in that log.
 * The writer walks the viewers and, for each one, queues every delivery from its position to the
 * end of the log as it is at that moment, then starts one write. A delivery appended while the
 * writer is half way through its viewers therefore reaches the rest of them in the same pass,
 * gathered with the previous one into one write: a writer that fell behind catches up with fewer
 * syscalls, which is what keeps a relay stable when its cores are saturated.
 */
final class ViewerGroup {
  /** Something queued to every viewer of a group, in order with everything else. */
  @FunctionalInterface
  interface Delivery {
    /** Queues to one viewer; false when the viewer takes no more frames (it is finishing). */
    boolean to(Viewer viewer);
  }

  /** The deliveries from {@code start} on: replaced whole, never changed, so read without a lock. */
  private record Log(long start, Delivery[] entries) {
    long end() {
      return start + entries.length;
    }
  }

  private static final Delivery[] NONE = {};

  private final ViewerWriters writers;
  private final int writer;
  private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
  private volatile Log log = new Log(0, NONE);
  private boolean draining;

  ViewerGroup(ViewerWriters writers, int writer) {
    this.writers = writers;
    this.writer = writer;
  }

  /** Adds a viewer that has, in its backlog, everything delivered so far. */
  void add(Viewer viewer) {
    viewer.groupPosition(log.end());
    viewers.add(viewer);
  }

  boolean remove(Viewer viewer) {
    return viewers.remove(viewer);
  }

  int size() {
    return viewers.size();
  }

  void forEach(Consumer<Viewer> action) {
    viewers.forEach(action);
  }

  /**
   * Queues {@code delivery}, on the group's writer, to every viewer of the group; viewers added
   * later are not given it. Calls are ordered by the caller (the channel's lock).
   */
  void deliver(Delivery delivery) {
    if (viewers.isEmpty()) {
      return;
    }
    boolean start;
    synchronized (this) {
      Delivery[] entries = Arrays.copyOf(log.entries(), log.entries().length + 1);
      entries[entries.length - 1] = delivery;
      log = new Log(log.start(), entries);
      start = !draining;
      draining = true;
    }
    if (start) {
      writers.execute(writer, this::drain);
    }
  }

  private void drain() {
    while (true) {
      long passFrom = log.end();
      for (Viewer viewer : viewers) {
        catchUp(viewer);
      }
      synchronized (this) {
        // Every viewer is now at passFrom or later (one added meanwhile starts at the end).
        Log now = log;
        int passed = (int) (passFrom - now.start());
        log = new Log(passFrom, Arrays.copyOfRange(now.entries(), passed, now.entries().length));
        if (log.entries().length == 0) {
          draining = false;
          return;
        }
      }
    }
  }

  private void catchUp(Viewer viewer) {
    Log now = log;
    long from = viewer.groupPosition();
    if (from >= now.end()) {
      return;
    }
    viewer.groupPosition(now.end());
    for (long i = from; i < now.end(); i++) {
      if (!now.entries()[(int) (i - now.start())].to(viewer)) {
        viewers.remove(viewer);
        break;
      }
    }
    // A viewer that just overflowed still has its retry hint to write.
    viewer.flush();
  }
}
