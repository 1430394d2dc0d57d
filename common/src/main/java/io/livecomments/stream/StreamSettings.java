package io.livecomments.stream;

import io.livecomments.http.OpenFileLimit;
import java.time.Duration;

/**
 * How one hop (origin or relay) serves the live stream.
 *
 * @param heartbeat interval of {@code :} heartbeats on quiet streams
 * @param ringCapacity comments each video's channel keeps for joins and resumes
 * @param viewerLimits each viewer's queue bound
 * @param grace how long a video's channel (and a relay's upstream) outlives its last viewer
 * @param retryBase shortest {@code retry:} delay given to clients; jitter spreads up to 3x
 * @param limits how many streams and videos this hop serves at once, in all and per address
 * @param maxCatchUp comments older than a channel's ring that one resume may fetch (from the
 *     upstream at a relay, from history at the origin); a viewer further behind gets a {@code
 *     reset}
 * @param gzip whether viewers that send {@code Accept-Encoding: gzip} get the stream compressed
 *     ({@link GzipSegments}), and a relay asks its upstream for it; on by default
 */
public record StreamSettings(
    Duration heartbeat,
    int ringCapacity,
    ViewerLimits viewerLimits,
    Duration grace,
    Duration retryBase,
    StreamLimits limits,
    int maxCatchUp,
    boolean gzip) {
  /** About 20 s of a hot video at 100 comments/s; a few hundred KiB queued for the viewer. */
  public static final int DEFAULT_MAX_CATCH_UP = 2_000;

  public static final StreamSettings DEFAULT =
      new StreamSettings(
          Duration.ofSeconds(15),
          1000,
          ViewerLimits.DEFAULT,
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          StreamLimits.derivedFrom(OpenFileLimit.current()),
          DEFAULT_MAX_CATCH_UP,
          // On: it halves the bytes to viewers at no measurable CPU, and a graceful end carries the
          // gzip trailer that Jetty's client waits for (docs/benchmarks.md).
          true);

  public StreamSettings {
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
    if (maxCatchUp < 0) {
      throw new IllegalArgumentException("maxCatchUp must not be negative: " + maxCatchUp);
    }
  }

  public StreamSettings withHeartbeat(Duration interval) {
    return new StreamSettings(
        interval, ringCapacity, viewerLimits, grace, retryBase, limits, maxCatchUp, gzip);
  }

  public StreamSettings withViewerLimits(ViewerLimits viewer) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewer, grace, retryBase, limits, maxCatchUp, gzip);
  }

  public StreamSettings withGrace(Duration idle) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewerLimits, idle, retryBase, limits, maxCatchUp, gzip);
  }

  public StreamSettings withLimits(StreamLimits caps) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewerLimits, grace, retryBase, caps, maxCatchUp, gzip);
  }

  /** Only the stream caps changed; the video caps stay. */
  public StreamSettings withLimits(int streams, int perAddress) {
    return withLimits(limits.withStreams(streams, perAddress));
  }

  public StreamSettings withMaxCatchUp(int comments) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewerLimits, grace, retryBase, limits, comments, gzip);
  }

  public StreamSettings withGzip(boolean enabled) {
    return new StreamSettings(
        heartbeat, ringCapacity, viewerLimits, grace, retryBase, limits, maxCatchUp, enabled);
  }

  /** Idle timeout of a stream connection: only a stream that missed several heartbeats is cut. */
  public long idleTimeoutMillis() {
    return Math.max(60_000, heartbeat.toMillis() * 4);
  }
}
