package io.livecomments.poller;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** The poller's counters: replies by outcome, polls held right now, store reads. */
public final class PollerMetrics {
  private final PrometheusRegistry registry;
  private final Counter replies;

  public PollerMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    replies =
        Counter.builder()
            .name("lc_poller_replies")
            .help(
                "Snapshot replies by outcome: closed, held, late, unproved, latest, overloaded,"
                    + " store-down, problem")
            .labelNames("outcome")
            .register(registry);
  }

  public void answered(String outcome) {
    replies.labelValues(outcome).inc();
  }

  /** Replies with {@code outcome} so far. */
  public long replies(String outcome) {
    return (long) replies.labelValues(outcome).get();
  }

  public void heldPolls(IntSupplier held) {
    GaugeWithCallback.builder()
        .name("lc_poller_held_polls")
        .help("Polls for open seconds waiting right now")
        .callback(cb -> cb.call(held.getAsInt()))
        .register(registry);
  }

  public void storeReads(LongSupplier reads) {
    GaugeWithCallback.builder()
        .name("lc_poller_store_reads")
        .help("Reads from the snapshot store since start (the cache's misses)")
        .callback(cb -> cb.call(reads.getAsLong()))
        .register(registry);
  }
}
