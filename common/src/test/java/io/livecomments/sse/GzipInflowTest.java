package io.livecomments.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipInflowTest {
  @Test
  void aWholeGzipBodyFedOneByteAtATimeDecodesToTheOriginal() throws IOException {
    byte[] text = "data: é🎉\n\n".repeat(500).getBytes(StandardCharsets.UTF_8);

    assertThat(decodeByteByByte(gzip(text))).isEqualTo(text);
  }

  @Test
  void membersAfterTheFirstAreDecodedToo() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(gzip("first\n".getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(gzip("second\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(new String(decodeByteByByte(body.toByteArray()), StandardCharsets.UTF_8))
        .isEqualTo("first\nsecond\n");
  }

  @Test
  void headerFieldsANameAndACommentAreSkipped() throws IOException {
    byte[] plain = gzip("hello".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(plain, 0, 3);
    body.write(4 | 8 | 16); // FEXTRA, FNAME, FCOMMENT
    body.write(plain, 4, 6);
    body.writeBytes(new byte[] {3, 0, 'x', 'y', 'z'});
    body.writeBytes("name.txt\0a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    body.write(plain, 10, plain.length - 10);

    assertThat(new String(decodeByteByByte(body.toByteArray()), StandardCharsets.UTF_8))
        .isEqualTo("hello");
  }

  @Test
  void bytesThatAreNotGzipAreRefused() {
    byte[] text = "data: plain\n\n".getBytes(StandardCharsets.UTF_8);
    try (GzipInflow inflow = new GzipInflow((b, o, l) -> {})) {
      assertThatThrownBy(() -> inflow.feed(text, 0, text.length))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a gzip stream");
    }
  }

  private static byte[] decodeByteByByte(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipInflow inflow = new GzipInflow(out::write)) {
      for (int i = 0; i < body.length; i++) {
        inflow.feed(body, i, 1);
      }
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
