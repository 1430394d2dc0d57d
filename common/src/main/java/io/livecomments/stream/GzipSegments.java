package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The stream's gzip encoding, made once per frame and shared by every viewer that asked for it. A
 * compressed stream is one constant gzip {@link #HEADER}, then each frame as a raw deflate segment
 * of its own: a fresh compressor per frame, ended with a sync flush, so the segment ends on a byte
 * boundary with non-final blocks and needs no state from the frames before it. Any gzip decoder
 * therefore inflates each frame as soon as it arrives, and every viewer can be sent the same
 * segment bytes wherever its stream started. A stream that ends gracefully ends with an empty final
 * block and the gzip trailer, whose CRC-32 and length are per connection ({@link GzipStream}):
 * Chromium, curl and the JDK take a body without them, but Jetty 12.1's {@code HttpClient}, which
 * asks for gzip by itself, completes the response only after the trailer.
 *
 * <p>Per connection this costs a running CRC-32 of the plain bytes sent; the segment of a shared
 * frame is made once ({@link WireFrame#gzipped}), the constants' at start, and a frame made for one
 * viewer (a trimmed batch, a catch-up) is compressed when that viewer's write needs it.
 */
public final class GzipSegments {
  /** Magic, deflate, no flags, no mtime, no extra flags, unknown OS: the same for every stream. */
  private static final byte[] HEADER_BYTES = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** The gzip header every compressed stream starts with. */
  static final WireFrame HEADER = WireFrame.of(HEADER_BYTES);

  private GzipSegments() {}

  /** Whether {@code headers} (a request's) accept gzip: listed, or {@code *}, with q above 0. */
  public static boolean accepted(HttpFields headers) {
    List<String> codings = headers.getQualityCSV(HttpHeader.ACCEPT_ENCODING);
    for (String coding : codings) {
      if (coding.equalsIgnoreCase("gzip")
          || coding.equalsIgnoreCase("x-gzip")
          || coding.equals("*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compresses {@code sse} into one raw deflate segment that ends with a sync flush: it decodes on
   * its own, after any earlier segment or right after the gzip header.
   */
  static byte[] segment(ByteBuffer sse) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(sse);
      // Incompressible input grows by 5 bytes per stored block, plus the flush marker.
      byte[] out = new byte[sse.remaining() + (sse.remaining() >> 4) + 64];
      int length = 0;
      while (true) {
        length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
        if (length < out.length) {
          return Arrays.copyOf(out, length);
        }
        // Full output may mean more is pending: make room and flush again.
        out = Arrays.copyOf(out, out.length * 2);
      }
    } finally {
      deflater.end();
    }
  }
}
