package io.livecomments.origin.write;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Comments accepted and rejected (by reason) on the write path, how long an accepted POST took from
 * its arrival to its 201 (most of it the log's acknowledgement), and the POSTs in flight against
 * their bound ({@code lc_posts_inflight}, {@code lc_posts_inflight_max}; refusals past it are
 * rejections with reason {@code inflight-posts-full}).
 */
public final class WriteMetrics {
  private final Counter accepted;
  private final Counter rejected;
  private final Histogram postDuration;
  private final PrometheusRegistry registry;

  public WriteMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    accepted =
        Counter.builder()
            .name("lc_comments_accepted")
            .help("Comments the log acknowledged")
            .register(registry);
    rejected =
        Counter.builder()
            .name("lc_comments_rejected")
            .help("Comment posts refused, by reason")
            .labelNames("reason")
            .register(registry);
    postDuration =
        Histogram.builder()
            .name("lc_post_duration_seconds")
            .help("From a comment POST's arrival to its 201, for accepted comments")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3)
            .register(registry);
  }

  /** A comment the log acknowledged, {@code nanos} after its POST arrived. */
  public void accepted(long nanos) {
    accepted.inc();
    postDuration.observe(nanos / 1e9);
  }

  public void rejected(String reason) {
    rejected.labelValues(reason).inc();
  }

  /** Serves the gauges of {@code inflight}, read at each scrape. */
  public void watch(InflightPosts inflight) {
    GaugeWithCallback.builder()
        .name("lc_posts_inflight")
        .help("Comment POSTs held now, from their arrival to their answer")
        .callback(gauge -> gauge.call(inflight.held()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("lc_posts_inflight_max")
        .help("Comment POSTs held at once before more are refused with 503 inflight-posts-full")
        .callback(gauge -> gauge.call(inflight.max()))
        .register(registry);
  }
}
