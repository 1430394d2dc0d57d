package io.livecomments.stream;

import java.time.Duration;

/**
 * How one hop (origin or relay) serves the live stream.
 *
 * @param heartbeat interval of {@code :} heartbeats on quiet streams
 * @param ringCapacity comments each video's channel keeps for joins and resumes
 * @param viewerLimits each viewer's queue bound
 * @param grace how long a video's channel (and a relay's upstream) outlives its last viewer
 * @param retryBase shortest {@code retry:} delay given to clients; jitter spreads up to 3x
 * @param maxStreams open streams this hop accepts; past it new ones get 503
 * @param maxStreamsPerAddress open streams per client address
 */
public record StreamSettings(
    Duration heartbeat,
    int ringCapacity,
    ViewerLimits viewerLimits,
    Duration grace,
    Duration retryBase,
    int maxStreams,
    int maxStreamsPerAddress) {
  public static final StreamSettings DEFAULT =
      new StreamSettings(
          Duration.ofSeconds(15),
          1000,
          ViewerLimits.DEFAULT,
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          50_000,
          // Generous: a corporate NAT or a load test puts many viewers behind one address.
          20_000);

  public StreamSettings {
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
  }

  public StreamSettings withHeartbeat(Duration interval) {
    return new StreamSettings(
        interval, ringCapacity, viewerLimits, grace, retryBase, maxStreams, maxStreamsPerAddress);
  }

  public StreamSettings withViewerLimits(ViewerLimits limits) {
    return new StreamSettings(
        heartbeat, ringCapacity, limits, grace, retryBase, maxStreams, maxStreamsPerAddress);
  }

  public StreamSettings withLimits(int streams, int perAddress) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewerLimits, grace, retryBase, streams, perAddress);
  }

  /** Idle timeout of a stream connection: only a stream that missed several heartbeats is cut. */
  public long idleTimeoutMillis() {
    return Math.max(60_000, heartbeat.toMillis() * 4);
  }
}
