package io.livecomments.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints the once-a-second progress line of a run. Used by the run's own thread only. */
final class Progress {
  private final PrintStream out;
  private final ProcStats server;
  private final long startNanos = System.nanoTime();
  private ProcStats.Sample previous;

  Progress(PrintStream out, ProcStats server) {
    this.out = out;
    this.server = server;
    this.previous = server.sample();
  }

  void print(String phase, int wanted, LoadCounters counters, Commenters commenters, Histogram latency) {
    ProcStats.Sample now = server.sample();
    double wall = (now.nanoTime() - previous.nanoTime()) / 1e9;
    double cpuPercent = wall > 0 ? (now.cpuSeconds() - previous.cpuSeconds()) / wall * 100 : 0;
    previous = now;
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "[%5.1fs %-7s] viewers %d/%d", (System.nanoTime() - startNanos) / 1e9, phase, counters.streaming.get(), wanted));
    if (commenters != null) {
      line.append(String.format(Locale.ROOT, " sent %d acked %d", commenters.sent(), commenters.ackedCount()));
    }
    line.append(String.format(Locale.ROOT, " recv %d", counters.received.sum()));
    if (latency.getTotalCount() > 0) {
      line.append(String.format(Locale.ROOT, " p50 %.1fms p99 %.1fms", latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3));
    }
    if (counters.disconnects.get() > 0) {
      line.append(" drops ").append(counters.disconnects.get());
    }
    if (server.enabled()) {
      line.append(String.format(Locale.ROOT, " server cpu %.0f%% rss %.0fMB", cpuPercent, now.rssBytes() / 1048576.0));
    }
    out.println(line);
  }
}
