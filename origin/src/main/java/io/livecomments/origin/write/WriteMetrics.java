package io.livecomments.origin.write;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Comments accepted and rejected (by reason) on the write path, and how long an accepted POST took
 * from its arrival to its 201 (most of it the log's acknowledgement).
 */
public final class WriteMetrics {
  private final Counter accepted;
  private final Counter rejected;
  private final Histogram postDuration;

  public WriteMetrics(PrometheusRegistry registry) {
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
}
