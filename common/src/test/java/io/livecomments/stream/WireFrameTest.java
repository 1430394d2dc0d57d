package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireFrameTest {
  @Test
  void aFrameIsOneChunkWithALowerCaseHexSizeWithoutLeadingZeros() {
    for (int size : new int[] {1, 9, 10, 15, 16, 255, 256, 4095, 4096, 65_535, 1 << 20}) {
      String sse = "x".repeat(size);
      WireFrame frame = WireFrame.of(sse.getBytes(StandardCharsets.UTF_8));
      assertThat(text(frame.chunk())).isEqualTo(Integer.toHexString(size) + "\r\n" + sse + "\r\n");
      assertThat(text(frame.payload())).isEqualTo(sse);
      assertThat(frame.size()).isEqualTo(frame.chunk().remaining());
    }
  }

  @Test
  void everyViewerReadsThroughItsOwnViewOfReadOnlyBytes() {
    WireFrame frame = WireFrame.of("data: hi\n\n".getBytes(StandardCharsets.UTF_8));
    ByteBuffer first = frame.chunk();
    first.position(first.limit());
    assertThat(text(frame.chunk())).isEqualTo("a\r\ndata: hi\n\n\r\n");
    assertThat(frame.chunk().isReadOnly()).isTrue();
    assertThat(frame.chunk().isDirect()).isTrue();
    assertThat(frame.payload().isReadOnly()).isTrue();
  }

  @Test
  void anEmptyFrameIsRefusedBecauseAnEmptyChunkWouldEndTheBody() {
    assertThatThrownBy(() -> WireFrame.of(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String text(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }
}
