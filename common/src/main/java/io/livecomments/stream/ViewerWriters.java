package io.livecomments.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts the socket writes of a broadcast. A write to a socket with room completes at once, on the
 * thread that starts it, so starting ten thousand of them from the broadcasting thread would be ten
 * thousand syscalls in a row: the last viewer would wait for all the others. The viewers are split
 * over one writer thread per core instead, so every core writes. Each viewer always goes to the
 * same writer: when broadcasts come faster than a writer gets through its viewers, two threads
 * never fight over one viewer (the profile showed that contention as a fifth of the relay's CPU),
 * and the later flush finds the frames already gathered into one write. Small broadcasts are
 * started inline, where a hand-off would cost more than it saves.
 */
public final class ViewerWriters implements AutoCloseable {
  /** Broadcasts to at most this many viewers start their writes on the broadcasting thread. */
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
      String threadName = name + "-writer-" + i;
      threads.add(
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
              }));
    }
    return new ViewerWriters(List.copyOf(threads));
  }

  /** Every write starts on the broadcasting thread (unit tests, where it keeps order visible). */
  public static ViewerWriters inline() {
    return new ViewerWriters(List.of());
  }

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
      parts.get(Math.floorMod(System.identityHashCode(viewer), threads.size())).add(viewer);
    }
    for (int i = 0; i < threads.size(); i++) {
      List<Viewer> part = parts.get(i);
      threads.get(i).execute(() -> part.forEach(Viewer::flush));
    }
  }

  @Override
  public void close() {
    threads.forEach(ExecutorService::shutdownNow);
  }
}
