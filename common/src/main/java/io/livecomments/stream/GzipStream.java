package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One viewer's compressed stream (connection-scoped): the shared {@link GzipSegments gzip segments}
 * of the plain frames it is written, after the gzip header in its first write, and when the stream
 * ends gracefully an empty final deflate block and the gzip trailer, so every decoder (Jetty's
 * {@code HttpClient} included, which waits for the trailer) sees the body end cleanly.
 *
 * <p>The trailer holds the CRC-32 and the length (mod 2^32) of the plain bytes this connection was
 * sent, which differ per viewer (where its stream started, trimmed and catch-up frames), so they
 * are kept here: a {@link CRC32} updated with each written frame's plain bytes, which the JVM
 * computes with the CPU's carry-less multiply at many GB/s, a few nanoseconds for a typical frame.
 * Combining per-frame CRCs instead would save nothing: the JDK has no {@code crc32_combine}, and a
 * combine costs a matrix power per frame, more than the CRC of a small frame itself.
 *
 * <p>Used by its viewer's writes only, which never overlap.
 */
final class GzipStream {
  /**
   * An empty final block with fixed codes (BFINAL 1, BTYPE 01, end-of-block): after the segments'
   * sync flushes the stream is byte-aligned, and these two bytes end it, as zlib's own finish does.
   */
  static final byte[] FINAL_BLOCK = {0x03, 0x00};

  private final CRC32 crc = new CRC32();
  private long length;
  private boolean headerSent;

  /**
   * The bytes to write for {@code plain}: their shared segments, after the header if nothing was
   * written yet, and followed by the end of the gzip body when {@code last}.
   */
  WireFrame[] encode(WireFrame[] plain, boolean last) {
    int offset = headerSent ? 0 : 1;
    WireFrame[] out = new WireFrame[offset + plain.length + (last ? 1 : 0)];
    if (!headerSent) {
      out[0] = GzipSegments.HEADER;
      headerSent = true;
    }
    for (int i = 0; i < plain.length; i++) {
      out[offset + i] = plain[i].gzipped();
      ByteBuffer bytes = plain[i].payload(); // a view: one per frame, consumed by the CRC
      length += bytes.remaining();
      crc.update(bytes);
    }
    if (last) {
      out[out.length - 1] = WireFrame.of(end());
    }
    return out;
  }

  /** The final block and the trailer: CRC-32 then length, both little-endian. */
  private byte[] end() {
    byte[] end = new byte[FINAL_BLOCK.length + 8];
    System.arraycopy(FINAL_BLOCK, 0, end, 0, FINAL_BLOCK.length);
    putIntLe(end, FINAL_BLOCK.length, crc.getValue());
    putIntLe(end, FINAL_BLOCK.length + 4, length);
    return end;
  }

  private static void putIntLe(byte[] bytes, int at, long value) {
    for (int i = 0; i < 4; i++) {
      bytes[at + i] = (byte) (value >>> (8 * i));
    }
  }
}
