package io.livecomments.sse;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip body as its bytes arrive (connection-scoped), handing on whatever each piece
 * decodes to at once: a stream compressed one sync-flushed segment per frame (as every hop sends
 * it) yields each frame as soon as its segment is in. A body that ends without its trailer is
 * simply over; members after the first are decoded too. Knows nothing of HTTP or SSE.
 */
public final class GzipInflow implements AutoCloseable {
  /** Where decoded bytes go; the array is reused after the call returns. */
  public interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  private static final int MAX_HEADER = 64 * 1024;
  private static final int TRAILER = 8;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final Sink sink;
  private final Inflater inflater = new Inflater(true);
  private final byte[] out = new byte[16 * 1024];
  private byte[] header = new byte[32];
  private int headerLength;
  private int trailerLeft;
  private State state = State.HEADER;

  private enum State {
    HEADER,
    DATA,
    TRAILER
  }

  public GzipInflow(Sink sink) {
    this.sink = sink;
  }

  /** Decodes the bytes left in {@code buffer}, consuming them. */
  public void feed(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    feed(bytes, 0, bytes.length);
  }

  /**
   * Decodes {@code length} bytes of the body.
   *
   * @throws IllegalArgumentException when the bytes are not gzip
   */
  public void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    while (offset < end) {
      switch (state) {
        case HEADER -> offset = readHeader(bytes, offset, end);
        case DATA -> offset = inflate(bytes, offset, end);
        case TRAILER -> {
          int skipped = Math.min(trailerLeft, end - offset);
          trailerLeft -= skipped;
          offset += skipped;
          if (trailerLeft == 0) {
            state = State.HEADER;
            headerLength = 0;
          }
        }
      }
    }
  }

  private int readHeader(byte[] bytes, int offset, int end) {
    while (offset < end) {
      if (headerLength == header.length) {
        if (header.length >= MAX_HEADER) {
          throw new IllegalArgumentException("gzip header longer than " + MAX_HEADER + " bytes");
        }
        header = Arrays.copyOf(header, header.length * 2);
      }
      header[headerLength++] = bytes[offset++];
      if (headerComplete()) {
        state = State.DATA;
        return offset;
      }
    }
    return offset;
  }

  /** Whether {@code header} holds a whole member header; throws when it cannot be one. */
  private boolean headerComplete() {
    if (headerLength >= 1 && header[0] != 0x1f
        || headerLength >= 2 && header[1] != (byte) 0x8b
        || headerLength >= 3 && header[2] != 8) {
      throw new IllegalArgumentException("not a gzip stream");
    }
    if (headerLength < 10) {
      return false;
    }
    int flags = header[3] & 0xff;
    int at = 10;
    if ((flags & FEXTRA) != 0) {
      if (headerLength < at + 2) {
        return false;
      }
      at += 2 + ((header[at] & 0xff) | (header[at + 1] & 0xff) << 8);
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        while (at < headerLength && header[at] != 0) {
          at++;
        }
        if (at++ >= headerLength) {
          return false;
        }
      }
    }
    if ((flags & FHCRC) != 0) {
      at += 2;
    }
    return headerLength == at;
  }

  private int inflate(byte[] bytes, int offset, int end) {
    inflater.setInput(bytes, offset, end - offset);
    try {
      while (true) {
        int n = inflater.inflate(out);
        if (n > 0) {
          sink.accept(out, 0, n);
        }
        if (inflater.finished()) {
          int rest = inflater.getRemaining();
          inflater.reset();
          // The next member, if any, starts after this one's trailer.
          state = State.TRAILER;
          trailerLeft = TRAILER;
          return end - rest;
        }
        if (inflater.needsDictionary()) {
          throw new IllegalArgumentException("gzip data asks for a dictionary");
        }
        if (inflater.needsInput()) {
          return end;
        }
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("corrupt gzip data: " + e.getMessage(), e);
    }
  }

  /** Releases the inflater's native memory. */
  @Override
  public void close() {
    inflater.end();
  }
}
