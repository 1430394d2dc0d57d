package io.livecomments.stream;

import io.livecomments.http.OpenFileLimit;

/**
 * How much one hop serves at once, so that no client, and no crowd, can make it run out of file
 * descriptors: a stream holds one socket, and each distinct video a hop serves holds one more at a
 * relay (its upstream connection; at the origin a bus subscription). Past a cap a new stream is
 * refused (see {@link StreamRefusal}); open streams are never evicted.
 *
 * @param maxStreams open streams in all
 * @param maxStreamsPerAddress open streams from one client address
 * @param maxVideos distinct videos served at once: a relay's upstream connections
 * @param maxVideosPerAddress distinct videos one client address streams at once
 */
public record StreamLimits(
    int maxStreams, int maxStreamsPerAddress, int maxVideos, int maxVideosPerAddress) {
  /** Descriptors left to everything else: jars, logs, backend connections, health checks. */
  static final long RESERVED_FILES = 256;

  public StreamLimits {
    if (maxStreams < 1 || maxStreamsPerAddress < 1 || maxVideos < 1 || maxVideosPerAddress < 1) {
      throw new IllegalArgumentException(
          "stream limits must be positive: "
              + maxStreams
              + " streams, "
              + maxStreamsPerAddress
              + " per address, "
              + maxVideos
              + " videos, "
              + maxVideosPerAddress
              + " per address");
    }
  }

  /**
   * Caps that fit the process's open-file limit with headroom: after {@value #RESERVED_FILES}
   * descriptors for everything else, 70 % of what is left for streams and 20 % for upstreams, so
   * even every stream on its own video leaves a tenth unused (13,820 streams and 3,948 videos under
   * a 20,000 limit; 537 and 153 under 1,024). One address may hold a quarter of the streams (a
   * corporate NAT) and a tenth of the videos.
   */
  public static StreamLimits derivedFrom(OpenFileLimit files) {
    int streams = files.share(0.7, RESERVED_FILES);
    int videos = files.share(0.2, RESERVED_FILES);
    return new StreamLimits(streams, Math.max(1, streams / 4), videos, Math.max(1, videos / 10));
  }

  /**
   * Caps for a hop whose clients are relays (the origin): each relay holds one stream per video it
   * serves, all from one address, so a per-address cap would cap the relay itself; and a channel
   * there holds no descriptor of its own. Only the stream cap applies, as {@link #derivedFrom}
   * derives it.
   */
  public static StreamLimits servingRelays(OpenFileLimit files) {
    int streams = derivedFrom(files).maxStreams();
    return new StreamLimits(streams, streams, streams, streams);
  }

  public StreamLimits withStreams(int streams, int perAddress) {
    return new StreamLimits(streams, perAddress, maxVideos, maxVideosPerAddress);
  }

  public StreamLimits withVideos(int videos, int perAddress) {
    return new StreamLimits(maxStreams, maxStreamsPerAddress, videos, perAddress);
  }
}
