package io.livecomments.origin.moderation;

import io.livecomments.moderation.Decision;
import io.livecomments.moderation.Report;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The origin's moderation metrics: decisions by action and reason, reports by reason, and the lag
 * from a comment's acceptance to the decision about it being in the log.
 */
public final class ModerationMetrics {
  private final Counter decisions;
  private final Counter reports;
  private final Histogram lag;
  private final Counter classifierErrors;
  private final PrometheusRegistry registry;

  public ModerationMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    classifierErrors =
        Counter.builder()
            .name("lc_moderation_classifier_errors_total")
            .help(
                "Failed calls to the external classifier by kind (timeout, io, status, malformed,"
                    + " breaker-open); each leaves the comment visible")
            .labelNames("kind")
            .register(registry);
    decisions =
        Counter.builder()
            .name("lc_moderation_decisions_total")
            .help("Moderation decisions published to the log, by action and reason")
            .labelNames("action", "reason")
            .register(registry);
    reports =
        Counter.builder()
            .name("lc_moderation_reports_total")
            .help("Viewers' reports recorded (repeats not counted), by reason")
            .labelNames("reason")
            .register(registry);
    lag =
        Histogram.builder()
            .name("lc_moderation_lag_seconds")
            .help("From a comment's acceptance (POST ack) to the decision about it in the log")
            .classicUpperBounds(0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300)
            .register(registry);
  }

  void decided(Decision decision, String reason, long lagMillis) {
    decisions.labelValues(decision.action().wire(), reasonLabel(reason)).inc();
    lag.observe(Math.max(0, lagMillis) / 1000.0);
  }

  /**
   * Serves {@code lc_moderation_queue_depth} from {@code depth}, read at each scrape (a store that
   * cannot answer then leaves the gauge out of that scrape).
   */
  public void watchQueue(LongSupplier depth) {
    GaugeWithCallback.builder()
        .name("lc_moderation_queue_depth")
        .help("Comments waiting in the review queue")
        .callback(
            gauge -> {
              try {
                gauge.call(depth.getAsLong());
              } catch (RuntimeException e) {
                // Down now: no sample rather than a wrong one; lc_backend_up tells why.
              }
            })
        .register(registry);
  }

  /** Serves {@code lc_moderation_classifier_breaker_state}: 0 closed, 1 half-open, 2 open. */
  void watchBreaker(CircuitBreaker breaker) {
    GaugeWithCallback.builder()
        .name("lc_moderation_classifier_breaker_state")
        .help("The external classifier's circuit breaker: 0 closed, 1 half-open, 2 open")
        .callback(gauge -> gauge.call(breaker.state().gaugeValue()))
        .register(registry);
  }

  void classifierError(String kind) {
    classifierErrors.labelValues(kind).inc();
  }

  void reported(Report.Reason reason) {
    reports.labelValues(reason.wire()).inc();
  }

  /** Reasons are free text from moderators: only a few known ones become label values. */
  private static String reasonLabel(String reason) {
    return switch (reason) {
      case "auto", "blocklist", "classifier", "spam", "abuse", "reports" -> reason;
      default -> "other";
    };
  }
}
