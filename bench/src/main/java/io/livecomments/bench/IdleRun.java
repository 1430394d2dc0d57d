package io.livecomments.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle viewer: holds {@code first} idle viewers, lets the server settle (a full GC of
 * every server JVM via {@code jcmd GC.run}, then a pause) and reads its RSS; grows to {@code last}
 * viewers and does the same; reports the RSS difference per added viewer, so fixed costs (heap
 * floor, code, thread stacks) cancel out.
 */
final class IdleRun {
  private static final long JOIN_GRACE_MILLIS = 30_000;

  private final String label;
  private final Target target;
  private final InetSocketAddress stream;
  private final String video;
  private final int first;
  private final int last;
  private final double rampPerSecond;
  private final int selectors;
  private final Duration settle;
  private final ProcStats server;
  private final PrintStream out;

  IdleRun(
      String label,
      Target target,
      InetSocketAddress stream,
      String video,
      int first,
      int last,
      double rampPerSecond,
      int selectors,
      Duration settle,
      ProcStats server,
      PrintStream out) {
    if (first < 1 || last <= first) {
      throw new IllegalArgumentException("need 0 < first < last viewers: " + first + ", " + last);
    }
    this.label = label;
    this.target = target;
    this.stream = stream;
    this.video = video;
    this.first = first;
    this.last = last;
    this.rampPerSecond = rampPerSecond;
    this.selectors = selectors;
    this.settle = settle;
    this.server = server;
    this.out = out;
  }

  /** The measured points, printed as text and returned as one JSON line. */
  String run() throws Exception {
    Progress progress = new Progress(out, server);
    try (ViewerPool pool =
        new ViewerPool(
            selectors, stream, target.streamPath(video), target, new EpochMicros(), 0, false)) {
      int firstStreaming = grow(pool, first, progress);
      ProcStats.Sample firstSample = settled();
      int lastStreaming = grow(pool, last, progress);
      ProcStats.Sample lastSample = settled();
      long disconnects = pool.counters().disconnects.get();
      pool.stop();
      double perViewer =
          (double) (lastSample.rssBytes() - firstSample.rssBytes())
              / (lastStreaming - firstStreaming);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", label);
      m.put("target", target.name());
      m.put("firstViewers", firstStreaming);
      m.put("firstRssMb", mb(firstSample.rssBytes()));
      m.put("lastViewers", lastStreaming);
      m.put("lastRssMb", mb(lastSample.rssBytes()));
      m.put("rssBytesPerViewer", Math.round(perViewer));
      m.put("disconnects", disconnects);
      out.printf(
          Locale.ROOT,
          "== %s against %s: RSS %.1f MB at %d viewers, %.1f MB at %d viewers: %.0f bytes (%.1f KB) per idle viewer%n",
          label,
          target.name(),
          mb(firstSample.rssBytes()),
          firstStreaming,
          mb(lastSample.rssBytes()),
          lastStreaming,
          perViewer,
          perViewer / 1024);
      try {
        return new ObjectMapper().writeValueAsString(m);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a map of numbers and strings is always JSON", e);
      }
    }
  }

  private int grow(ViewerPool pool, int viewers, Progress progress) throws InterruptedException {
    pool.allow(viewers, rampPerSecond);
    LoadCounters counters = pool.counters();
    long deadline =
        System.nanoTime()
            + (long) ((viewers / rampPerSecond) * 1e9)
            + JOIN_GRACE_MILLIS * 1_000_000;
    while (counters.streaming.get() < viewers && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      progress.print("join", viewers, counters, null, pool.latency());
    }
    return counters.streaming.get();
  }

  private ProcStats.Sample settled() throws InterruptedException {
    for (long pid : server.pids()) {
      fullGc(pid);
    }
    Thread.sleep(settle.toMillis());
    return server.sample();
  }

  /** Asks a server JVM for a full GC; not a JVM (nginx) or no jcmd: nothing to settle. */
  private void fullGc(long pid) throws InterruptedException {
    // jcmd attaches by sending SIGQUIT, which tells an nginx master to shut down: JVMs only.
    boolean jvm =
        ProcessHandle.of(pid)
            .flatMap(p -> p.info().command())
            .map(command -> command.endsWith("/java"))
            .orElse(false);
    if (!jvm) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      out.println("no full GC of " + pid + ": " + e.getMessage());
    }
  }

  private static double mb(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }
}
