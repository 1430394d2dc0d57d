package io.livecomments.poller;

import io.livecomments.snapshot.SnapshotSchedule;
import java.util.Objects;

/**
 * What the poller can be told.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param schedule when the writer stores each second: a poll for an open second is held until then
 * @param maxHeldPerVideo polls held at once for one video; more get 503
 * @param maxHeld polls held at once in all; more get 503
 * @param maxCachedSnapshots closed seconds the Caffeine cache keeps
 */
public record PollerConfig(
    String host,
    int port,
    SnapshotSchedule schedule,
    int maxHeldPerVideo,
    int maxHeld,
    long maxCachedSnapshots) {
  public PollerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    Objects.requireNonNull(schedule, "schedule");
    if (maxHeldPerVideo < 1 || maxHeld < maxHeldPerVideo) {
      throw new IllegalArgumentException(
          "need 1 <= maxHeldPerVideo <= maxHeld: " + maxHeldPerVideo + ", " + maxHeld);
    }
    if (maxCachedSnapshots < 1) {
      throw new IllegalArgumentException(
          "maxCachedSnapshots must be at least 1: " + maxCachedSnapshots);
    }
  }

  /**
   * Holds open seconds by {@link SnapshotSchedule#DEFAULT}, the writer's; 2,000 held polls per
   * video and 10,000 in all (behind a CDN each edge sends one per video); 100,000 cached seconds.
   */
  public static PollerConfig defaults(String host, int port) {
    return new PollerConfig(host, port, SnapshotSchedule.DEFAULT, 2_000, 10_000, 100_000);
  }

  public PollerConfig withSchedule(SnapshotSchedule value) {
    return new PollerConfig(host, port, value, maxHeldPerVideo, maxHeld, maxCachedSnapshots);
  }

  public PollerConfig withHeldLimits(int perVideo, int total) {
    return new PollerConfig(host, port, schedule, perVideo, total, maxCachedSnapshots);
  }
}
