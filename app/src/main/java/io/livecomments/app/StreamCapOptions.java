package io.livecomments.app;

import io.livecomments.stream.StreamLimits;
import picocli.CommandLine.Option;

/**
 * How many streams and videos the viewers' hop (a relay, or all-in-one's public port) serves at
 * once. Each cap left at 0 derives from the process's open-file limit ({@link
 * StreamLimits#derivedFrom}).
 */
final class StreamCapOptions {
  @Option(
      names = "--max-viewers",
      defaultValue = "${env:LC_MAX_VIEWERS:-0}",
      description =
          "Open streams accepted; 0 derives it from the open-file limit"
              + " (LC_MAX_VIEWERS, default ${DEFAULT-VALUE}).")
  int maxViewers;

  @Option(
      names = "--max-viewers-per-ip",
      defaultValue = "${env:LC_MAX_VIEWERS_PER_IP:-0}",
      description =
          "Open streams per client address; 0 derives it from the open-file limit"
              + " (LC_MAX_VIEWERS_PER_IP, default ${DEFAULT-VALUE}).")
  int maxViewersPerIp;

  @Option(
      names = "--max-upstreams",
      defaultValue = "${env:LC_MAX_UPSTREAMS:-0}",
      description =
          "Distinct videos (upstream connections) served at once; 0 derives it from the"
              + " open-file limit (LC_MAX_UPSTREAMS, default ${DEFAULT-VALUE}).")
  int maxUpstreams;

  @Option(
      names = "--max-videos-per-ip",
      defaultValue = "${env:LC_MAX_VIDEOS_PER_IP:-0}",
      description =
          "Distinct videos one client address streams at once; 0 derives it from the open-file"
              + " limit (LC_MAX_VIDEOS_PER_IP, default ${DEFAULT-VALUE}).")
  int maxVideosPerIp;

  /** The caps given, each one left at 0 taken from {@code derived}. */
  StreamLimits limits(StreamLimits derived) {
    return new StreamLimits(
        maxViewers > 0 ? maxViewers : derived.maxStreams(),
        maxViewersPerIp > 0 ? maxViewersPerIp : derived.maxStreamsPerAddress(),
        maxUpstreams > 0 ? maxUpstreams : derived.maxVideos(),
        maxVideosPerIp > 0 ? maxVideosPerIp : derived.maxVideosPerAddress());
  }
}
