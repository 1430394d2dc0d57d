package io.livecomments.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Prints the once-a-second progress line of a run: cumulative viewer latency, and the viewer and
 * POST-ack latency of the last interval (since the previous line), so a slow first second shows as
 * such rather than being averaged away. Viewer threads publish their histograms twice a second, so
 * an interval holds what was published in it. Used by the run's own thread only.
 */
final class Progress {
  private final PrintStream out;
  private final ProcStats server;
  private final long startNanos = System.nanoTime();
  private HistogramDelta viewerInterval = new HistogramDelta();
  private HistogramDelta postInterval = new HistogramDelta();
  private Commenters postedBy;
  private final Histogram noPosts = new Histogram(3);
  private ProcStats.Sample previous;

  Progress(PrintStream out, ProcStats server) {
    this.out = out;
    this.server = server;
    this.previous = server.sample();
  }

  void print(
      String phase, int wanted, LoadCounters counters, Commenters commenters, Histogram latency) {
    ProcStats.Sample now = server.sample();
    double wall = (now.nanoTime() - previous.nanoTime()) / 1e9;
    double cpuPercent = wall > 0 ? (now.cpuSeconds() - previous.cpuSeconds()) / wall * 100 : 0;
    previous = now;
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "[%5.1fs %-7s] viewers %d/%d",
            (System.nanoTime() - startNanos) / 1e9,
            phase,
            counters.streaming.get(),
            wanted));
    if (commenters != null) {
      line.append(
          String.format(
              Locale.ROOT, " sent %d acked %d", commenters.sent(), commenters.ackedCount()));
    }
    line.append(String.format(Locale.ROOT, " recv %d", counters.received.sum()));
    if (latency.getTotalCount() > 0) {
      line.append(
          String.format(
              Locale.ROOT,
              " p50 %.1fms p99 %.1fms",
              latency.getValueAtPercentile(50) / 1e3,
              latency.getValueAtPercentile(99) / 1e3));
    }
    Histogram lastViewers = viewerInterval.next(latency);
    Histogram lastPosts = lastPosts(commenters);
    if (lastViewers.getTotalCount() > 0 || lastPosts.getTotalCount() > 0) {
      line.append(String.format(Locale.ROOT, " | last %.1fs", wall));
    }
    if (lastViewers.getTotalCount() > 0) {
      line.append(
          String.format(
              Locale.ROOT,
              " p99 %.1fms max %.1fms",
              lastViewers.getValueAtPercentile(99) / 1e3,
              lastViewers.getMaxValue() / 1e3));
    }
    if (lastPosts.getTotalCount() > 0) {
      line.append(
          String.format(Locale.ROOT, " post p99 %.1fms", lastPosts.getValueAtPercentile(99) / 1e3));
    }
    if (counters.disconnects.get() > 0) {
      line.append(" drops ").append(counters.disconnects.get());
    }
    if (server.enabled()) {
      line.append(
          String.format(
              Locale.ROOT,
              " server cpu %.0f%% rss %.0fMB",
              cpuPercent,
              now.rssBytes() / 1048576.0));
    }
    out.println(line);
  }

  /**
   * The viewers' latencies start again from nothing (the warm-up was forgotten): the next line's
   * interval is everything recorded from here on, not a difference with what came before.
   */
  void viewersRestarted() {
    viewerInterval = new HistogramDelta();
  }

  /** The acked posts' latency since the previous line; a new set of commenters starts afresh. */
  private Histogram lastPosts(Commenters commenters) {
    if (commenters == null) {
      return noPosts;
    }
    if (commenters != postedBy) {
      postedBy = commenters;
      postInterval = new HistogramDelta();
    }
    return postInterval.next(commenters.postLatency());
  }
}
