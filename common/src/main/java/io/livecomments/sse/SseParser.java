package io.livecomments.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of one {@code text/event-stream} (WHATWG HTML, "Server-sent events"); it
 * knows nothing about HTTP. Connection-scoped and not thread-safe: one parser per stream, fed from
 * one thread at a time; the listener runs on the feeding thread.
 *
 * <p>Bytes may arrive in chunks of any size: lines end with LF, CR or CRLF (also when the CR ends
 * one chunk and the LF starts the next), UTF-8 sequences may be split across chunks (invalid UTF-8
 * decodes to U+FFFD), and a byte order mark at the start of the stream is skipped. Per line: empty
 * dispatches the event; {@code :text} is a comment; otherwise the field name runs to the first
 * colon (or the whole line) and one space after the colon is removed from the value. Fields: {@code
 * event} sets the type, {@code data} appends its value and LF, {@code id} sets the last event id
 * unless it contains NUL, {@code retry} of ASCII digits only is reported; others are ignored. An
 * event whose data buffer is empty is not dispatched, but its {@code id} stays in effect. An event
 * the stream never terminates with a blank line is never dispatched.
 *
 * <p>Memory is bounded: a line longer than {@code maxBytes} (terminator excluded) or an event whose
 * data exceeds {@code maxBytes} (joining LFs included) throws {@link SseFormatException}. After any
 * exception, from the limits or from the listener, the parser refuses further input.
 */
public final class SseParser {
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private static final int INITIAL_BUFFER = 256;
  // A buffer grown for one huge event is given back once it is done, so idle streams stay small.
  private static final int KEEP_BUFFER_MAX = 64 * 1024;
  private static final int DIRECT_CHUNK = 8 * 1024;
  // More digits could overflow a long: such a retry value is ignored like any invalid one.
  private static final int RETRY_DIGITS_MAX = 18;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte COLON = ':';
  private static final byte SPACE = ' ';
  private static final byte[] DATA = ascii("data");
  private static final byte[] EVENT = ascii("event");
  private static final byte[] ID = ascii("id");
  private static final byte[] RETRY = ascii("retry");

  private final SseListener listener;
  private final int maxBytes;

  private byte[] line = new byte[INITIAL_BUFFER];
  private int lineLength;
  private byte[] data = new byte[INITIAL_BUFFER];
  private int dataLength;
  private String eventType;
  private String lastEventId;
  private boolean skipLineFeed;
  private boolean firstLine = true;
  private byte[] directChunk;
  private RuntimeException failure;

  public SseParser(SseListener listener) {
    this(listener, DEFAULT_MAX_BYTES);
  }

  /**
   * @param maxBytes the longest line and the largest event data accepted, in bytes
   */
  public SseParser(SseListener listener, int maxBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The last event id in effect, null when none: what a reconnect sends as Last-Event-ID. */
  public String lastEventId() {
    return lastEventId;
  }

  /** Consumes all remaining bytes of {@code buffer}. */
  public void feed(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      int length = buffer.remaining();
      feed(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
      buffer.position(buffer.position() + length);
      return;
    }
    if (directChunk == null) {
      directChunk = new byte[DIRECT_CHUNK];
    }
    while (buffer.hasRemaining()) {
      int length = Math.min(buffer.remaining(), directChunk.length);
      buffer.get(directChunk, 0, length);
      feed(directChunk, 0, length);
    }
  }

  public void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (failure != null) {
      throw new IllegalStateException("the parser failed earlier and takes no more input", failure);
    }
    try {
      parse(bytes, offset, offset + length);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private void parse(byte[] bytes, int offset, int end) {
    int i = offset;
    if (skipLineFeed && i < end) {
      skipLineFeed = false;
      if (bytes[i] == LF) {
        i++;
      }
    }
    while (i < end) {
      int start = i;
      while (i < end && bytes[i] != LF && bytes[i] != CR) {
        i++;
      }
      if (i == end) {
        appendToLine(bytes, start, end - start);
        return;
      }
      byte terminator = bytes[i++];
      if (lineLength == 0) {
        checkLine(i - 1 - start);
        processLine(bytes, start, i - 1 - start);
      } else {
        appendToLine(bytes, start, i - 1 - start);
        int length = lineLength;
        lineLength = 0;
        processLine(line, 0, length);
        if (line.length > KEEP_BUFFER_MAX) {
          line = new byte[INITIAL_BUFFER];
        }
      }
      if (terminator == CR) {
        if (i == end) {
          skipLineFeed = true;
        } else if (bytes[i] == LF) {
          i++;
        }
      }
    }
  }

  private void appendToLine(byte[] bytes, int offset, int length) {
    checkLine(lineLength + length);
    line = ensureCapacity(line, lineLength + length);
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength += length;
  }

  private void checkLine(int length) {
    if (length > maxBytes) {
      throw new SseFormatException("line exceeds the limit of " + maxBytes + " bytes");
    }
  }

  private void processLine(byte[] b, int offset, int length) {
    if (firstLine) {
      firstLine = false;
      if (length >= 3
          && b[offset] == (byte) 0xEF
          && b[offset + 1] == (byte) 0xBB
          && b[offset + 2] == (byte) 0xBF) {
        offset += 3;
        length -= 3;
      }
    }
    if (length == 0) {
      dispatch();
      return;
    }
    int end = offset + length;
    int colon = offset;
    while (colon < end && b[colon] != COLON) {
      colon++;
    }
    int valueStart = colon == end ? end : colon + 1;
    if (valueStart < end && b[valueStart] == SPACE) {
      valueStart++;
    }
    int nameLength = colon - offset;
    int valueLength = end - valueStart;
    if (nameLength == 0) {
      listener.onComment(utf8(b, valueStart, valueLength));
    } else if (is(b, offset, nameLength, DATA)) {
      appendToData(b, valueStart, valueLength);
    } else if (is(b, offset, nameLength, EVENT)) {
      eventType = utf8(b, valueStart, valueLength);
    } else if (is(b, offset, nameLength, ID)) {
      if (indexOf(b, valueStart, end, (byte) 0) < 0) {
        lastEventId = valueLength == 0 ? null : utf8(b, valueStart, valueLength);
      }
    } else if (is(b, offset, nameLength, RETRY)) {
      retry(b, valueStart, valueLength);
    }
  }

  private void appendToData(byte[] b, int offset, int length) {
    int needed = dataLength + length + 1;
    if (needed > maxBytes) {
      throw new SseFormatException("event data exceeds the limit of " + maxBytes + " bytes");
    }
    data = ensureCapacity(data, needed);
    System.arraycopy(b, offset, data, dataLength, length);
    data[dataLength + length] = LF;
    dataLength = needed;
  }

  private void retry(byte[] b, int offset, int length) {
    if (length == 0 || length > RETRY_DIGITS_MAX) {
      return;
    }
    long millis = 0;
    for (int i = offset; i < offset + length; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return;
      }
      millis = millis * 10 + (b[i] - '0');
    }
    listener.onRetry(millis);
  }

  private void dispatch() {
    String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
    eventType = null;
    if (dataLength == 0) {
      return;
    }
    String text = utf8(data, 0, dataLength - 1);
    dataLength = 0;
    if (data.length > KEEP_BUFFER_MAX) {
      data = new byte[INITIAL_BUFFER];
    }
    listener.onEvent(new SseEvent(type, lastEventId, text));
  }

  private byte[] ensureCapacity(byte[] buffer, int needed) {
    if (needed <= buffer.length) {
      return buffer;
    }
    long grown = Math.max((long) buffer.length * 2, needed);
    return Arrays.copyOf(buffer, (int) Math.min(grown, maxBytes));
  }

  private static boolean is(byte[] b, int offset, int length, byte[] name) {
    return Arrays.equals(b, offset, offset + length, name, 0, name.length);
  }

  private static int indexOf(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] b, int offset, int length) {
    return length == 0 ? "" : new String(b, offset, length, StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
