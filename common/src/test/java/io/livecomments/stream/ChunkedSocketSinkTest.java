package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedSocketSinkTest {
  @Test
  void chunkHeadsAreLowerCaseHexWithoutLeadingZeros() {
    for (long size : new long[] {1, 9, 10, 15, 16, 255, 256, 4095, 4096, 65_535, 1L << 40}) {
      assertThat(head(size)).isEqualTo(Long.toHexString(size) + "\r\n");
    }
  }

  private static String head(long size) {
    return StandardCharsets.US_ASCII.decode(ChunkedSocketSink.chunkHead(size)).toString();
  }
}
