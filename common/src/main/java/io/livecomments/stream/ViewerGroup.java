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

    /**
     * Every viewer the delivery was made for has been handed it, or has left: called once, on the
     * group's writer (or by whoever found the group empty), as the last of them is handed it, just
     * before that viewer's write starts. For a delivery made half way through a pass that is part
     * way into the next one.
     */
    default void reachedAll() {}
  }

  /**
   * A delivery in the log, with how many of the viewers it was made for have yet to be handed it.
   * Only the group's writer changes {@code waiting}.
   */
  private static final class Entry {
    final Delivery delivery;
    int waiting;

    Entry(Delivery delivery, int waiting) {
      this.delivery = delivery;
      this.waiting = waiting;
    }

    /** One viewer has it; the last one (or a pass that passed it) reports it reached all. */
    void handed() {
      if (waiting > 0 && --waiting == 0) {
        delivery.reachedAll();
      }
    }

    /** A pass went past it: viewers that left before their turn will never be handed it. */
    void passed() {
      if (waiting > 0) {
        waiting = 0;
        delivery.reachedAll();
      }
    }
  }

  /**
   * The deliveries from {@code start} on: replaced whole, never changed, so read without a lock.
   */
  private record Log(long start, Entry[] entries) {
    long end() {
      return start + entries.length;
    }
  }

  private static final Entry[] NONE = {};

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
   *
   * @return false when the group has no viewers: the delivery is dropped, and the caller stands in
   *     for its {@link Delivery#reachedAll}
   */
  boolean deliver(Delivery delivery) {
    if (viewers.isEmpty()) {
      return false;
    }
    boolean start;
    synchronized (this) {
      Entry[] entries = Arrays.copyOf(log.entries(), log.entries().length + 1);
      // Viewers join under the caller's lock, so these are the viewers this delivery is for; one
      // that leaves before its turn is made up for when the pass goes past the entry.
      entries[entries.length - 1] = new Entry(delivery, viewers.size());
      log = new Log(log.start(), entries);
      start = !draining;
      draining = true;
    }
    if (start) {
      writers.execute(writer, this::drain);
    }
    return true;
  }

  private void drain() {
    boolean more = true;
    while (more) {
      long passFrom = log.end();
      for (Viewer viewer : viewers) {
        catchUp(viewer);
      }
      Entry[] passed;
      synchronized (this) {
        // Every viewer is now at passFrom or later (one added meanwhile starts at the end).
        Log now = log;
        int done = (int) (passFrom - now.start());
        passed = Arrays.copyOf(now.entries(), done);
        log = new Log(passFrom, Arrays.copyOfRange(now.entries(), done, now.entries().length));
        more = log.entries().length > 0;
        draining = more;
      }
      for (Entry entry : passed) {
        entry.passed();
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
      Entry entry = now.entries()[(int) (i - now.start())];
      if (!entry.delivery.to(viewer)) {
        viewers.remove(viewer);
        break;
      }
      entry.handed();
    }
    // A viewer that just overflowed still has its retry hint to write.
    viewer.flush();
  }
}
