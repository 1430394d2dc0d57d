package io.livecomments.origin;

import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.InMemoryFanoutBus;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.InMemoryIdempotencyKeys;
import io.livecomments.log.CommentLog;
import io.livecomments.log.InMemoryCommentLog;
import io.livecomments.ratelimit.LocalRateLimiter;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import io.livecomments.recent.InMemoryRecentWindow;
import io.livecomments.recent.RecentWindow;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.store.CommentStore;
import io.livecomments.store.InMemoryCommentStore;
import java.time.Duration;
import java.time.InstantSource;

/** The seams one origin runs on; closing releases them all. */
public record Backends(
    CommentLog log,
    CommentStore store,
    FanoutBus bus,
    RecentWindow recentWindow,
    RateLimiter rateLimiter,
    IdempotencyKeys idempotencyKeys,
    SnapshotStore snapshots)
    implements AutoCloseable {

  /**
   * The embedded default: everything in this process, bounded, lost on exit. Sized for a demo or a
   * benchmark on one machine, not for keeping history.
   */
  public static Backends inMemory(RateLimit rateLimit, InstantSource clock) {
    return new Backends(
        // Microseconds since the epoch: seqs keep growing across restarts (1,000 comments per ms).
        new InMemoryCommentLog(
            100_000, InMemoryCommentLog.DEFAULT_REDELIVERY_BACKOFF, clock.millis() * 1000),
        new InMemoryCommentStore(10_000, 10_000),
        new InMemoryFanoutBus(),
        new InMemoryRecentWindow(Duration.ofHours(1), 100_000, clock),
        new LocalRateLimiter(rateLimit, clock, 1_000_000),
        new InMemoryIdempotencyKeys(Duration.ofHours(24), 1_000_000, clock),
        InMemorySnapshotStore.withDefaults(clock));
  }

  @Override
  public void close() {
    // Producers before consumers: stop taking comments first.
    log.close();
    store.close();
    bus.close();
    recentWindow.close();
    rateLimiter.close();
    idempotencyKeys.close();
    snapshots.close();
  }
}
