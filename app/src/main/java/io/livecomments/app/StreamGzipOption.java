package io.livecomments.app;

import io.livecomments.stream.StreamSettings;
import picocli.CommandLine.Option;

/**
 * Whether a hop gzips the stream for the viewers that ask for it (and a relay asks its upstream),
 * shared by {@code origin}, {@code relay} and {@code all-in-one}. On by default: S-hot's bytes per
 * delivered comment fell by 55 % at no more CPU ({@code docs/benchmarks.md}, "Compressed streams");
 * {@code --stream-gzip false} turns it off.
 */
final class StreamGzipOption {
  @Option(
      names = "--stream-gzip",
      defaultValue = "${env:LC_STREAM_GZIP:-true}",
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
