package io.livecomments.origin;

import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.InMemoryFanoutBus;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.InMemoryIdempotencyKeys;
import io.livecomments.log.CommentLog;
import io.livecomments.log.InMemoryCommentLog;
import io.livecomments.moderation.InMemoryModerationStore;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.origin.health.BackendHealth;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.ratelimit.LocalRateLimiter;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import io.livecomments.recent.InMemoryRecentWindow;
import io.livecomments.recent.RecentWindow;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.store.CommentStore;
import io.livecomments.store.InMemoryCommentStore;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The seams one origin runs on, and how healthy they are; closing releases them all.
 *
 * @param moderation reports, decisions and the review queue
 * @param reportLimiter the per-user rate limit of reports (apart from the comments' one)
 * @param health what {@code /readyz} reports about these backends
 */
public record Backends(
    CommentLog log,
    CommentStore store,
    FanoutBus bus,
    RecentWindow recentWindow,
    RateLimiter rateLimiter,
    IdempotencyKeys idempotencyKeys,
    SnapshotStore snapshots,
    ModerationStore moderation,
    RateLimiter reportLimiter,
    BackendHealth health)
    implements AutoCloseable {
  /** The log's consumer groups: the persister and the fan-out stage. */
  public static final String PERSISTER_GROUP = "persister";

  public static final String FANOUT_GROUP = "fanout";

  /** The log's consumer group that classifies comments. */
  public static final String MODERATION_GROUP = "moderation";

  /**
   * The embedded default: everything in this process, bounded, lost on exit. Sized for a demo or a
   * benchmark on one machine, not for keeping history.
   */
  public static Backends inMemory(RateLimit rateLimit, InstantSource clock) {
    return inMemory(rateLimit, ModerationSettings.DEFAULT.reportRateLimit(), clock);
  }

  /** {@link #inMemory(RateLimit, InstantSource)} with reports limited to {@code reportLimit}. */
  public static Backends inMemory(RateLimit rateLimit, RateLimit reportLimit, InstantSource clock) {
    return new Backends(
        // Microseconds since the epoch: seqs keep growing across restarts (1,000 comments per ms).
        new InMemoryCommentLog(
            100_000, InMemoryCommentLog.DEFAULT_REDELIVERY_BACKOFF, clock.millis() * 1000),
        new InMemoryCommentStore(10_000, 10_000),
        new InMemoryFanoutBus(),
        new InMemoryRecentWindow(Duration.ofHours(1), 100_000, clock),
        new LocalRateLimiter(rateLimit, clock, 1_000_000),
        new InMemoryIdempotencyKeys(Duration.ofHours(24), 1_000_000, clock),
        InMemorySnapshotStore.withDefaults(clock),
        new InMemoryModerationStore(100_000),
        new LocalRateLimiter(reportLimit, clock, 1_000_000),
        BackendHealth.ALWAYS_UP);
  }

  /**
   * The production backends ({@link RealBackends}): Kafka log, DynamoDB store, Redis for the rest;
   * their metrics and health checks go to {@code registry}, which the origin must serve.
   *
   * @throws IllegalStateException when creating a missing topic or table failed
   */
  public static Backends real(
      RealBackendSettings settings,
      RateLimit rateLimit,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry) {
    return real(
        settings,
        rateLimit,
        ModerationSettings.DEFAULT.reportRateLimit(),
        scheduler,
        clock,
        registry);
  }

  /**
   * {@link #real(RealBackendSettings, RateLimit, Scheduler, InstantSource, PrometheusRegistry)}.
   */
  public static Backends real(
      RealBackendSettings settings,
      RateLimit rateLimit,
      RateLimit reportLimit,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry) {
    return RealBackends.open(settings, rateLimit, reportLimit, scheduler, clock, registry);
  }

  @Override
  public void close() {
    health.close();
    // Producers before consumers: stop taking comments first.
    log.close();
    store.close();
    bus.close();
    recentWindow.close();
    rateLimiter.close();
    idempotencyKeys.close();
    snapshots.close();
    moderation.close();
    reportLimiter.close();
  }
}
