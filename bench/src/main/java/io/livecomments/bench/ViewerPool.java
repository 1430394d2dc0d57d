package io.livecomments.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * All simulated viewers of a run, spread round-robin over a few {@link ViewerLoop} selector
 * threads, each with its own latency histogram; {@link #latency()} merges them.
 */
final class ViewerPool implements AutoCloseable {
  private static final int SIGNIFICANT_DIGITS = 3;

  private final List<ViewerLoop> loops = new ArrayList<>();
  private final LoadCounters counters = new LoadCounters();
  private boolean stopped;

  ViewerPool(
      int threads,
      InetSocketAddress server,
      String path,
      Target target,
      EpochMicros clock,
      int maxReconnects,
      boolean gzip)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    for (int i = 0; i < threads; i++) {
      loops.add(
          new ViewerLoop(
              "viewers-" + i, server, path, target, clock, counters, maxReconnects, gzip));
    }
    loops.forEach(ViewerLoop::start);
  }

  /** Grows the pool to {@code viewers} in all, opening connections at {@code perSecond} in all. */
  void allow(int viewers, double perSecond) {
    int n = loops.size();
    for (int i = 0; i < n; i++) {
      loops.get(i).allow(viewers / n + (i < viewers % n ? 1 : 0), perSecond / n);
    }
  }

  /**
   * Has every viewer forget what it received so far (the warm-up's comments), with every thread's
   * latencies and the received counter, and returns once every thread has.
   *
   * @throws IllegalStateException when a thread did not within {@code timeoutMillis}
   */
  void forgetReceived(long timeoutMillis) throws InterruptedException {
    List<Integer> requests = new ArrayList<>(loops.size());
    loops.forEach(loop -> requests.add(loop.requestForget()));
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    for (int i = 0; i < loops.size(); i++) {
      while (!loops.get(i).hasForgotten(requests.get(i))) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "viewer thread " + i + " did not reset within " + timeoutMillis + " ms");
        }
        Thread.sleep(10);
      }
    }
    counters.received.reset();
    counters.hides.reset();
  }

  LoadCounters counters() {
    return counters;
  }

  /**
   * Every latency recorded so far in microseconds: up to half a second old while running, exact
   * once stopped.
   */
  Histogram latency() {
    Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    loops.forEach(loop -> total.add(loop.latency()));
    return total;
  }

  /**
   * When the viewers received {@code hide} events naming each comment id, epoch micros, one entry
   * per viewer and hide; call only after {@link #stop()}.
   */
  Map<String, List<Long>> hides() {
    Map<String, List<Long>> all = new HashMap<>();
    for (ViewerLoop loop : loops) {
      loop.hides()
          .forEach((id, times) -> all.computeIfAbsent(id, k -> new ArrayList<>()).addAll(times));
    }
    return all;
  }

  /** Stops every thread and returns every viewer's tally. */
  List<ViewerTally> stop() throws InterruptedException {
    List<ViewerTally> tallies = new ArrayList<>();
    for (ViewerLoop loop : loops) {
      loop.stop();
      tallies.addAll(loop.tallies());
    }
    stopped = true;
    return tallies;
  }

  @Override
  public void close() {
    if (!stopped) {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
