package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.http.OpenFileLimit;
import org.junit.jupiter.api.Test;

class StreamLimitsTest {
  @Test
  void derivedCapsLeaveDescriptorsEvenWhenEveryStreamIsOnItsOwnVideo() {
    for (long files : new long[] {256, 1024, 20_000, 1_048_576}) {
      StreamLimits limits = StreamLimits.derivedFrom(new OpenFileLimit(files));

      // A relay's worst case: each stream a socket, each video an upstream socket.
      long worst = (long) limits.maxStreams() + limits.maxVideos();
      assertThat(worst).as("%d files", files).isLessThan(Math.max(3, files));
      assertThat(limits.maxStreamsPerAddress()).isLessThanOrEqualTo(limits.maxStreams());
      assertThat(limits.maxVideosPerAddress()).isLessThanOrEqualTo(limits.maxVideos());
    }
  }

  @Test
  void underTheUsual20000FilesTheCapsAreBelowWhatUsedToExhaustThem() {
    StreamLimits limits = StreamLimits.derivedFrom(new OpenFileLimit(20_000));

    assertThat(limits).isEqualTo(new StreamLimits(13_820, 3_455, 3_948, 394));
  }

  @Test
  void aHopServingRelaysCapsOnlyItsStreams() {
    StreamLimits limits = StreamLimits.servingRelays(new OpenFileLimit(20_000));

    assertThat(limits).isEqualTo(new StreamLimits(13_820, 13_820, 13_820, 13_820));
  }
}
