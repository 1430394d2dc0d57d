package io.livecomments.origin;

import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.stream.ViewerLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the origin can be told, with the defaults a quick start needs.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param jwtSecret HS256 secret of at least 32 bytes; null makes a random one and serves {@code POST
 *     /dev/token} (the demo only)
 * @param heartbeat interval of {@code :} heartbeats on quiet streams
 * @param ringCapacity comments each stream channel keeps for joins and resumes
 * @param streamGrace how long a video's channel outlives its last viewer
 * @param retryBase shortest {@code retry:} delay given to clients; jitter spreads up to 3x
 */
public record OriginConfig(
    String host,
    int port,
    byte[] jwtSecret,
    RateLimit rateLimit,
    BatchPolicy batchPolicy,
    Duration heartbeat,
    int ringCapacity,
    ViewerLimits viewerLimits,
    Duration streamGrace,
    Duration retryBase) {

  public OriginConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
  }

  /** The quick start's configuration on {@code host:port}. */
  public static OriginConfig defaults(String host, int port) {
    return new OriginConfig(
        host,
        port,
        null,
        RateLimit.DEFAULT,
        BatchPolicy.DEFAULT,
        Duration.ofSeconds(15),
        1000,
        ViewerLimits.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(1));
  }

  public OriginConfig withJwtSecret(byte[] secret) {
    return new OriginConfig(host, port, secret, rateLimit, batchPolicy, heartbeat, ringCapacity, viewerLimits, streamGrace, retryBase);
  }

  public OriginConfig withRateLimit(RateLimit limit) {
    return new OriginConfig(host, port, jwtSecret, limit, batchPolicy, heartbeat, ringCapacity, viewerLimits, streamGrace, retryBase);
  }

  public OriginConfig withBatchPolicy(BatchPolicy policy) {
    return new OriginConfig(host, port, jwtSecret, rateLimit, policy, heartbeat, ringCapacity, viewerLimits, streamGrace, retryBase);
  }

  public OriginConfig withHeartbeat(Duration interval) {
    return new OriginConfig(host, port, jwtSecret, rateLimit, batchPolicy, interval, ringCapacity, viewerLimits, streamGrace, retryBase);
  }
}
