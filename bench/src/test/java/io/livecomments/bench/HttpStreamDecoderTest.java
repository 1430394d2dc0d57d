package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpStreamDecoderTest {
  private static final String CHUNKED =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "7\r\nretry: \r\n"
          + "1c;ext=1\r\n1000\n\nevent: comments\ndata: \r\n"
          + "3\r\n{}\n\r\n"
          + "0\r\n\r\n";

  @Test
  void decodesChunkedBodyFedWhole() throws ProtocolException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    HttpStreamDecoder decoder = new HttpStreamDecoder(body::write);

    feed(decoder, CHUNKED.getBytes(StandardCharsets.US_ASCII), CHUNKED.length());

    assertThat(decoder.status()).isEqualTo(200);
    assertThat(body.toString(StandardCharsets.US_ASCII))
        .isEqualTo("retry: 1000\n\nevent: comments\ndata: {}\n");
    assertThat(decoder.done()).isTrue();
  }

  @Test
  void aGzipEncodedBodyIsNoticedFromTheHead() throws ProtocolException {
    HttpStreamDecoder plain = new HttpStreamDecoder((b, o, l) -> {});
    HttpStreamDecoder gzip = new HttpStreamDecoder((b, o, l) -> {});
    byte[] gzipHead =
        CHUNKED
            .replace("Transfer-Encoding", "content-encoding: GZIP\r\nTransfer-Encoding")
            .getBytes(StandardCharsets.US_ASCII);

    feed(plain, CHUNKED.getBytes(StandardCharsets.US_ASCII), CHUNKED.length());
    feed(gzip, gzipHead, gzipHead.length);

    assertThat(plain.gzip()).isFalse();
    assertThat(gzip.gzip()).isTrue();
  }

  @Test
  void decodesTheSameWhateverTheSplit() throws ProtocolException {
    byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
    for (int piece = 1; piece <= 8; piece++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      HttpStreamDecoder decoder = new HttpStreamDecoder(body::write);
      feed(decoder, bytes, piece);
      assertThat(body.toString(StandardCharsets.US_ASCII))
          .as("pieces of %d bytes", piece)
          .isEqualTo("retry: 1000\n\nevent: comments\ndata: {}\n");
      assertThat(decoder.done()).isTrue();
    }
  }

  @Test
  void passesAnUnframedBodyThrough() throws ProtocolException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    HttpStreamDecoder decoder = new HttpStreamDecoder(body::write);
    byte[] bytes =
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ndata: x\n\n"
            .getBytes(StandardCharsets.US_ASCII);

    feed(decoder, bytes, 5);

    assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("data: x\n\n");
    assertThat(decoder.done()).isFalse();
  }

  @Test
  void reportsTheStatusAndRefusesBrokenFraming() {
    HttpStreamDecoder decoder = new HttpStreamDecoder((b, o, l) -> {});
    byte[] bytes =
        "HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> feed(decoder, bytes, bytes.length))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("chunk size");
    assertThat(decoder.status()).isEqualTo(503);
  }

  private static void feed(HttpStreamDecoder decoder, byte[] bytes, int piece)
      throws ProtocolException {
    for (int i = 0; i < bytes.length; i += piece) {
      decoder.feed(bytes, i, Math.min(piece, bytes.length - i));
    }
  }
}
