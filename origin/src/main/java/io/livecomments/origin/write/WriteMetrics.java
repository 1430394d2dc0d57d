package io.livecomments.origin.write;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Comments accepted and rejected (by reason) on the write path. */
public final class WriteMetrics {
  private final Counter accepted;
  private final Counter rejected;

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
  }

  public void accepted() {
    accepted.inc();
  }

  public void rejected(String reason) {
    rejected.labelValues(reason).inc();
  }
}
