package io.livecomments.stream;

import io.livecomments.time.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that queue frames to viewers and write them. A write to a socket with room completes
 * at once, on the thread that starts it, so writing a batch to ten thousand viewers from the
 * broadcasting thread would be ten thousand syscalls in a row: the last viewer would wait for all
 * the others. Viewers are spread over one writer thread per core instead, so every core writes, and
 * each viewer always belongs to the same writer. That writer both queues a batch's frame to its
 * viewers and starts their writes, one viewer after the other, so a viewer's state is touched by
 * one core while it is still in that core's cache (the profile showed the broadcasting thread's
 * pass over every viewer, then the writers' second pass, each missing the cache on every viewer),
 * and two threads never fight over one viewer's lock. Tasks given to one writer run in order, which
 * keeps every viewer's frames in order.
 */
public final class ViewerWriters implements AutoCloseable {
  /** Flushes of at most this many viewers start on the calling thread. */
  static final int INLINE_MAX = 64;

  private final List<ExecutorService> threads;

  private ViewerWriters(List<ExecutorService> threads) {
    this.threads = threads;
  }

  /** One writer thread per core. */
  public static ViewerWriters perCore(String name) {
    int cores = Runtime.getRuntime().availableProcessors();
    List<ExecutorService> threads = new ArrayList<>(cores);
    for (int i = 1; i <= cores; i++) {
      threads.add(Executors.newSingleThreadExecutor(DaemonThreads.named(name + "-writer-" + i)));
    }
    return new ViewerWriters(List.copyOf(threads));
  }

  /** Every write starts on the broadcasting thread (unit tests, where it keeps order visible). */
  public static ViewerWriters inline() {
    return new ViewerWriters(List.of());
  }

  /** How many writers there are: a channel keeps its viewers in one group per writer. */
  int count() {
    return Math.max(1, threads.size());
  }

  /** The writer that owns {@code viewer}: always the same one. */
  int writerOf(Viewer viewer) {
    return threads.isEmpty() ? 0 : Math.floorMod(System.identityHashCode(viewer), threads.size());
  }

  /** Runs {@code task} on writer {@code writer}, after every task given to that writer before. */
  void execute(int writer, Runnable task) {
    if (threads.isEmpty()) {
      task.run();
    } else {
      threads.get(writer).execute(task);
    }
  }

  /** Starts writing what these viewers have queued, each on its own writer. */
  void flush(List<Viewer> viewers) {
    if (threads.isEmpty() || viewers.size() <= INLINE_MAX) {
      viewers.forEach(Viewer::flush);
      return;
    }
    List<List<Viewer>> parts = new ArrayList<>(threads.size());
    // Hashes do not split evenly: room for a quarter more than a fair share.
    int expected = viewers.size() / threads.size() * 5 / 4 + 16;
    for (int i = 0; i < threads.size(); i++) {
      parts.add(new ArrayList<>(expected));
    }
    for (Viewer viewer : viewers) {
      parts.get(writerOf(viewer)).add(viewer);
    }
    for (int i = 0; i < threads.size(); i++) {
      List<Viewer> part = parts.get(i);
      execute(i, () -> part.forEach(Viewer::flush));
    }
  }

  @Override
  public void close() {
    threads.forEach(ExecutorService::shutdownNow);
  }
}
