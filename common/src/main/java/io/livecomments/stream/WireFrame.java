package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One SSE frame encoded once and shared by every viewer: off-heap, read-only, and already framed as
 * a whole HTTP/1.1 chunk (size line, frame, CRLF). An HTTP/1.1 viewer's write is then nothing but
 * the shared bytes: no per-viewer chunk header, and no copy into a temporary direct buffer, which
 * the JDK makes for every heap buffer it writes to a socket. Sinks that frame the body themselves
 * take the {@link #payload}. Its gzip form ({@link #gzipped}) is made once, by the first compressed
 * viewer that needs it, and shared the same way.
 */
public final class WireFrame {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final ByteBuffer chunk;
  private final ByteBuffer payload;

  /** This frame as a deflate segment; made at most once, under {@code payload}'s monitor. */
  private volatile WireFrame gzipped;

  private WireFrame(ByteBuffer chunk, ByteBuffer payload) {
    this.chunk = chunk;
    this.payload = payload;
  }

  /** Encodes {@code sse}, one or more whole SSE events or comments; never empty. */
  public static WireFrame of(byte[] sse) {
    if (sse.length == 0) {
      // A zero-size chunk would end the body.
      throw new IllegalArgumentException("an SSE frame is never empty");
    }
    int digits = Math.max(1, (35 - Integer.numberOfLeadingZeros(sse.length)) / 4);
    ByteBuffer bytes = ByteBuffer.allocateDirect(digits + 2 + sse.length + 2);
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      bytes.put(HEX[(sse.length >>> shift) & 0xf]);
    }
    bytes.put((byte) '\r').put((byte) '\n').put(sse).put((byte) '\r').put((byte) '\n').flip();
    ByteBuffer payload = bytes.slice(digits + 2, sse.length).asReadOnlyBuffer();
    return new WireFrame(bytes.asReadOnlyBuffer(), payload);
  }

  /** The frame as one chunk, in a view of its own: writing it moves no other viewer's position. */
  public ByteBuffer chunk() {
    return chunk.duplicate();
  }

  /** The SSE bytes alone, in a view of their own. */
  public ByteBuffer payload() {
    return payload.duplicate();
  }

  /**
   * This frame as a {@link GzipSegments gzip segment}, itself a shared frame: compressed on the
   * first call, then the same bytes for every compressed viewer.
   */
  public WireFrame gzipped() {
    WireFrame segment = gzipped;
    if (segment == null) {
      // One compression per frame even when two writers reach it at once; the private buffer is
      // the lock so no caller can hold it.
      synchronized (payload) {
        segment = gzipped;
        if (segment == null) {
          segment = WireFrame.of(GzipSegments.segment(payload()));
          gzipped = segment;
        }
      }
    }
    return segment;
  }

  /** Bytes on the wire: what a viewer's queue counts against its limit. */
  public int size() {
    return chunk.remaining();
  }
}
