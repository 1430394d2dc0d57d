package io.livecomments.poller;

import java.time.Duration;
import java.util.Objects;

/**
 * What the poller can be told.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param hold the longest a poll for an open second is held
 * @param maxHeldPerVideo polls held at once for one video; more get 503
 * @param maxHeld polls held at once in all; more get 503
 * @param maxCachedSnapshots closed seconds the Caffeine cache keeps
 */
public record PollerConfig(
    String host,
    int port,
    Duration hold,
    int maxHeldPerVideo,
    int maxHeld,
    long maxCachedSnapshots) {
  public PollerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (hold.isNegative() || hold.toMillis() > 10_000) {
      throw new IllegalArgumentException("hold must be 0..10s: " + hold);
    }
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
   * Holds for 1.5 s; 2,000 held polls per video and 10,000 in all (behind a CDN each edge sends one
   * per video); 100,000 cached seconds.
   */
  public static PollerConfig defaults(String host, int port) {
    return new PollerConfig(host, port, Duration.ofMillis(1500), 2_000, 10_000, 100_000);
  }

  public PollerConfig withHold(Duration value) {
    return new PollerConfig(host, port, value, maxHeldPerVideo, maxHeld, maxCachedSnapshots);
  }

  public PollerConfig withHeldLimits(int perVideo, int total) {
    return new PollerConfig(host, port, hold, perVideo, total, maxCachedSnapshots);
  }
}
