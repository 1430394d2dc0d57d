package io.livecomments.stream;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the socket writes of a broadcast. A write to a socket with room completes at once, on the
 * thread that starts it, so starting ten thousand of them from the broadcasting thread would be ten
 * thousand syscalls in a row: the last viewer would wait for all the others. The viewers are split
 * into one slice per writer thread instead, so every core writes. Small broadcasts are started
 * inline, where a hand-off would cost more than it saves.
 */
public final class ViewerWriters implements AutoCloseable {
  /** Broadcasts to at most this many viewers start their writes on the broadcasting thread. */
  static final int INLINE_MAX = 64;

  private final ExecutorService threads;
  private final int parallelism;

  private ViewerWriters(ExecutorService threads, int parallelism) {
    this.threads = threads;
    this.parallelism = parallelism;
  }

  /** One writer thread per core. */
  public static ViewerWriters perCore(String name) {
    int cores = Runtime.getRuntime().availableProcessors();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, name + "-writer-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ViewerWriters(Executors.newFixedThreadPool(cores, factory), cores);
  }

  /** Every write starts on the broadcasting thread (unit tests, where it keeps order visible). */
  public static ViewerWriters inline() {
    return new ViewerWriters(null, 1);
  }

  void flush(List<Viewer> viewers) {
    if (threads == null || viewers.size() <= INLINE_MAX) {
      viewers.forEach(Viewer::flush);
      return;
    }
    int slice = (viewers.size() + parallelism - 1) / parallelism;
    for (int from = 0; from < viewers.size(); from += slice) {
      List<Viewer> part = viewers.subList(from, Math.min(viewers.size(), from + slice));
      threads.execute(() -> part.forEach(Viewer::flush));
    }
  }

  @Override
  public void close() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }
}
