package io.livecomments.app;

import io.livecomments.stream.StreamSettings;
import picocli.CommandLine.Option;

/**
 * Whether a hop gzips the stream for the viewers that ask for it (and a relay asks its upstream),
 * shared by {@code origin}, {@code relay} and {@code all-in-one}. Off by default: see the
 * plain-against-compressed table in {@code docs/benchmarks.md}.
 */
final class StreamGzipOption {
  @Option(
      names = "--stream-gzip",
      defaultValue = "${env:LC_STREAM_GZIP:-false}",
      fallbackValue = "true",
      arity = "0..1",
      description =
          "Compress the stream once per frame for viewers that send Accept-Encoding: gzip, and ask"
              + " the upstream for it (LC_STREAM_GZIP, default ${DEFAULT-VALUE}).")
  boolean gzip;

  StreamSettings applyTo(StreamSettings stream) {
    return stream.withGzip(gzip);
  }
}
