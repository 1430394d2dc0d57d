package io.livecomments.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one fan-out scenario end to end: viewers join at the ramp rate, commenters post on their
 * open-loop schedule, the run waits for stragglers, and every viewer's tally is checked. Phases are
 * bounded in time, so a dead server ends the run with a report, never a hang.
 */
final class FanoutRun {
  private static final long JOIN_GRACE_MILLIS = 30_000;
  private static final long CONTEXT_SETTLE_MILLIS = 1_000;

  /** The longest wait for the warm-up's comments to reach every viewer. */
  private static final long WARMUP_SETTLE_MILLIS = 10_000;

  private static final long REPLY_WAIT_MILLIS = 30_000;

  /**
   * The settle ends early after this long without a delivery. Long enough that a loaded machine's
   * stall (a smoke run under a parallel build once saw the last batch come after 2 s) is not taken
   * for the end; a run that gets everything it expects ends at once anyway.
   */
  private static final long QUIET_MILLIS = 5_000;

  private static final long TICK_MILLIS = 1_000;

  private final FanoutConfig config;
  private final HttpClient client;
  private final ProcStats server;
  private final PrintStream out;
  private final EpochMicros clock = new EpochMicros();
  private final ProcStats self =
      new ProcStats(List.of(ProcessHandle.current().pid()), ProcStats.clockTicks());
  private Progress progress;

  FanoutRun(FanoutConfig config, HttpClient client, ProcStats server, PrintStream out) {
    this.config = config;
    this.client = client;
    this.server = server;
    this.out = out;
  }

  FanoutResult run() throws Exception {
    progress = new Progress(out, server);
    Commenters commenters =
        new Commenters(
            client,
            config.target(),
            config.video(),
            config.runId(),
            clock,
            config.blockedPercent());
    try (ViewerPool pool =
        new ViewerPool(
            config.selectors(),
            config.stream(),
            config.target().streamPath(config.video()),
            config.target(),
            clock,
            config.maxReconnects(),
            config.gzip())) {
      LoadCounters counters = pool.counters();
      pool.allow(config.viewers(), config.rampPerSecond());
      long joinDeadline =
          now() + (long) (config.viewers() / config.rampPerSecond() * 1000) + JOIN_GRACE_MILLIS;
      while (counters.streaming.get() < config.viewers() && now() < joinDeadline) {
        sleepTick(() -> counters.streaming.get() >= config.viewers());
        progress.print("join", config.viewers(), counters, null, pool.latency());
      }
      Thread.sleep(CONTEXT_SETTLE_MILLIS);
      warmUp(counters, pool);
      int streaming = counters.streaming.get();

      Optional<HopLag> lagBefore = HopLag.scrape(client, config.stream());
      ProcStats.Sample before = server.sample();
      long wireBefore = counters.wireBytes.sum();
      ProcStats.Sample selfBefore = self.sample();
      double loadBefore = ProcStats.loadAverage();
      long peakRss = before.rssBytes();
      Thread poster =
          new Thread(() -> commenters.run(0, config.comments(), config.rate()), "commenters");
      long postStart = System.nanoTime();
      poster.start();
      while (poster.isAlive()) {
        poster.join(TICK_MILLIS);
        progress.print("post", config.viewers(), counters, commenters, pool.latency());
        peakRss = Math.max(peakRss, server.sample().rssBytes());
      }
      double postSeconds = (System.nanoTime() - postStart) / 1e9;
      commenters.awaitReplies(REPLY_WAIT_MILLIS);

      // Re-read the acks each time: a reply that outlived the wait above may still add one.
      awaitDeliveries(
          counters,
          () -> (long) commenters.ackedCount() * streaming,
          config.settle().toMillis(),
          QUIET_MILLIS);
      if (config.blockedPercent() > 0) {
        awaitHides(counters, (long) commenters.blockedAcks().size() * streaming);
      }
      ProcStats.Sample after = server.sample();
      long wireBytes = counters.wireBytes.sum() - wireBefore;
      Optional<HopLag> lagAfter = HopLag.scrape(client, config.stream());
      Optional<HopLag> hopLag =
          lagBefore.flatMap(earlier -> lagAfter.map(now -> now.since(earlier)));
      double generatorCpu = self.sample().cpuSeconds() - selfBefore.cpuSeconds();
      double load = Math.max(loadBefore, ProcStats.loadAverage());
      peakRss = Math.max(peakRss, after.rssBytes());
      progress.print("settled", config.viewers(), counters, commenters, pool.latency());

      List<ViewerTally> tallies = pool.stop();
      Histogram latency = pool.latency();
      HideLag hideLag =
          config.blockedPercent() == 0
              ? null
              : HideLag.of(
                  config.blockedPercent(), commenters.blockedAcks(), pool.hides(), streaming);
      return result(
          hideLag,
          commenters,
          counters,
          tallies,
          streaming,
          postSeconds,
          latency,
          hopLag,
          before,
          after,
          peakRss,
          generatorCpu,
          load,
          wireBytes);
    }
  }

  /**
   * Posts the warm-up comments and waits until they are delivered, then has the viewers forget
   * them. They belong to this run (numbered after its measured comments), so the viewers' threads
   * take exactly the paths the measured comments take: comments of another run are only counted as
   * context, and the JIT, having compiled the viewers' parsing for that alone, deoptimized it at
   * the first measured comment and gave the first seconds of every run a second of latency that was
   * the generator's own.
   */
  private void warmUp(LoadCounters counters, ViewerPool pool) throws InterruptedException {
    if (config.warmupComments() == 0) {
      return;
    }
    Commenters warmup =
        new Commenters(client, config.target(), config.video(), config.runId(), clock);
    Thread poster =
        new Thread(
            () -> warmup.run(config.comments(), config.warmupComments(), config.rate()), "warmup");
    poster.start();
    while (poster.isAlive()) {
      poster.join(TICK_MILLIS);
      progress.print("warmup", config.viewers(), counters, warmup, pool.latency());
    }
    warmup.awaitReplies(REPLY_WAIT_MILLIS);
    int streaming = counters.streaming.get();
    awaitDeliveries(
        counters,
        () -> (long) warmup.ackedCount() * streaming,
        WARMUP_SETTLE_MILLIS,
        CONTEXT_SETTLE_MILLIS);
    pool.forgetReceived(REPLY_WAIT_MILLIS);
    progress.viewersRestarted();
  }

  /**
   * Waits until the viewers received {@code expected} hides (warm-up hides received late count too,
   * which may end the wait a moment early; the result counts only the measured comments' hides),
   * until none arrived for {@link #QUIET_MILLIS}, or {@link #WARMUP_SETTLE_MILLIS}.
   */
  private void awaitHides(LoadCounters counters, long expected) throws InterruptedException {
    long deadline = now() + WARMUP_SETTLE_MILLIS;
    long lastChange = now();
    long last = counters.hides.sum();
    while (now() < deadline && now() - lastChange < QUIET_MILLIS && last < expected) {
      Thread.sleep(100);
      if (counters.hides.sum() != last) {
        last = counters.hides.sum();
        lastChange = now();
      }
    }
  }

  /**
   * Waits until the viewers received {@code expected} comments (sampled runs never do), until
   * nothing arrived for {@code quietMillis}, or {@code maxMillis}, whichever comes first.
   */
  private void awaitDeliveries(
      LoadCounters counters, LongSupplier expected, long maxMillis, long quietMillis)
      throws InterruptedException {
    long deadline = now() + maxMillis;
    long lastChange = now();
    long lastReceived = counters.received.sum();
    while (now() < deadline && now() - lastChange < quietMillis) {
      long received = counters.received.sum();
      if (!config.sampled() && received >= expected.getAsLong()) {
        return;
      }
      if (received != lastReceived) {
        lastReceived = received;
        lastChange = now();
      }
      Thread.sleep(100);
    }
  }

  private FanoutResult result(
      HideLag hideLag,
      Commenters commenters,
      LoadCounters counters,
      List<ViewerTally> tallies,
      int streaming,
      double postSeconds,
      Histogram latency,
      Optional<HopLag> hopLag,
      ProcStats.Sample before,
      ProcStats.Sample after,
      long peakRss,
      double generatorCpu,
      double load,
      long wireBytes) {
    BitSet acked = commenters.acked();
    Histogram postLatency = commenters.postLatency();
    int ackedCount = acked.cardinality();
    long delivered = 0;
    long missing = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    int complete = 0;
    double kept = 0;
    long sampledOut = 0;
    MissingComments missed = new MissingComments(acked);
    Map<Long, Integer> subsets = new HashMap<>();
    for (ViewerTally tally : tallies) {
      BitSet lackingSet = tally.lacking(acked);
      int lacking = lackingSet.cardinality();
      if (lacking > 0) {
        missed.add(lackingSet);
      }
      delivered += tally.count();
      missing += lacking;
      sampledOut += tally.sampledOut();
      duplicates += tally.duplicates();
      outOfOrder += tally.outOfOrder();
      if (lacking == 0 && tally.duplicates() == 0 && tally.outOfOrder() == 0) {
        complete++;
      }
      kept += ackedCount == 0 ? 0 : (double) tally.count() / ackedCount;
      subsets.merge(tally.fingerprint(), 1, Integer::sum);
    }
    double cpu = after.cpuSeconds() - before.cpuSeconds();
    return new FanoutResult(
        config.label(),
        config.target().name(),
        config.viewers(),
        streaming,
        config.rate(),
        postSeconds,
        commenters.sent(),
        ackedCount,
        commenters.skipped(),
        commenters.refusals(),
        (long) ackedCount * streaming,
        delivered,
        missing,
        duplicates,
        outOfOrder,
        complete,
        subsets.size(),
        tallies.isEmpty() ? 0 : kept / tallies.size(),
        missed.top(FanoutResult.MISSING_SEQS_SHOWN),
        sampledOut,
        counters.disconnects.get(),
        latency.getTotalCount(),
        latency.getValueAtPercentile(50) / 1e3,
        latency.getValueAtPercentile(90) / 1e3,
        latency.getValueAtPercentile(99) / 1e3,
        latency.getValueAtPercentile(99.9) / 1e3,
        latency.getMaxValue() / 1e3,
        latency.getMean() / 1e3,
        hopLag.map(HopLag::arrivalMeanMs).orElse(Double.NaN),
        hopLag.map(HopLag::writtenMeanMs).orElse(Double.NaN),
        postLatency.getValueAtPercentile(50) / 1e3,
        postLatency.getValueAtPercentile(99) / 1e3,
        postLatency.getMaxValue() / 1e3,
        cpu,
        delivered == 0 ? 0 : cpu * 1e6 / delivered,
        cpu <= 0 ? 0 : (after.systemSeconds() - before.systemSeconds()) / cpu,
        before.rssBytes() / 1048576.0,
        after.rssBytes() / 1048576.0,
        peakRss / 1048576.0,
        generatorCpu,
        load,
        config.gzip(),
        wireBytes,
        delivered == 0 ? 0 : (double) wireBytes / delivered,
        firstOf(counters.firstFailure.get(), commenters.firstError()),
        hideLag);
  }

  private static String firstOf(String viewers, String commenters) {
    if (viewers == null) {
      return commenters == null ? null : "post: " + commenters;
    }
    return "viewer: " + viewers;
  }

  private static void sleepTick(BooleanSupplier done) throws InterruptedException {
    long end = now() + TICK_MILLIS;
    while (now() < end && !done.getAsBoolean()) {
      Thread.sleep(50);
    }
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
