package io.livecomments.relay;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The relay's own counters, beside the stream counters every hop has. */
public final class RelayMetrics {
  private final Gauge upstreams;
  private final Counter reconnects;
  private final Counter sampledOut;
  private final Counter backfills;

  public RelayMetrics(PrometheusRegistry registry) {
    upstreams =
        Gauge.builder()
            .name("lc_relay_upstreams")
            .help("Upstream stream subscriptions held (one per watched video)")
            .register(registry);
    reconnects =
        Counter.builder()
            .name("lc_relay_upstream_reconnects")
            .help("Upstream streams that ended and were reconnected")
            .register(registry);
    sampledOut =
        Counter.builder()
            .name("lc_relay_sampled_out")
            .help("Comments of hot videos left out by sampling")
            .register(registry);
    backfills =
        Counter.builder()
            .name("lc_relay_backfills")
            .help("Upstream catch-ups for viewers resuming from before a ring, by outcome")
            .labelNames("outcome")
            .register(registry);
  }

  public void upstreamOpened() {
    upstreams.inc();
  }

  public void upstreamClosed() {
    upstreams.dec();
  }

  public void upstreamReconnect() {
    reconnects.inc();
  }

  public void sampledOut(int comments) {
    sampledOut.inc(comments);
  }

  public void backfill(boolean filled) {
    backfills.labelValues(filled ? "filled" : "failed").inc();
  }
}
