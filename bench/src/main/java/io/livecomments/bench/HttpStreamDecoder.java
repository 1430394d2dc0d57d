package io.livecomments.bench;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes one HTTP/1.1 response fed in pieces of any size (connection-scoped, one thread): the
 * head, then a chunked or read-to-close body whose bytes go to a {@link Body}. Only what an SSE
 * stream needs: a 200 status, {@code Transfer-Encoding: chunked} or no length at all; trailers are
 * ignored. The head buffer is released once the head is read, so a long-lived stream holds no more
 * than a few fields.
 */
final class HttpStreamDecoder {
  /** Receives the body bytes; they are only valid during the call. */
  interface Body {
    void bytes(byte[] b, int offset, int length);
  }

  private enum State {
    HEAD,
    SIZE,
    EXTENSION,
    SIZE_LF,
    DATA,
    DATA_CR,
    DATA_LF,
    IDENTITY,
    DONE
  }

  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_SIZE_DIGITS = 8;

  private final Body body;
  private State state = State.HEAD;
  private byte[] head = new byte[512];
  private int headLength;
  private int status;
  private boolean gzip;
  private long chunkRemaining;
  private int sizeDigits;

  HttpStreamDecoder(Body body) {
    this.body = body;
  }

  /** The response status, 0 until the head is complete. */
  int status() {
    return status;
  }

  /** Whether the head said {@code Content-Encoding: gzip}: the body bytes are then gzip. */
  boolean gzip() {
    return gzip;
  }

  /** True once the last chunk arrived: the server ended the stream. */
  boolean done() {
    return state == State.DONE;
  }

  void feed(byte[] b, int offset, int length) throws ProtocolException {
    int i = offset;
    int end = offset + length;
    if (state == State.HEAD) {
      i = readHead(b, i, end);
    }
    while (i < end && state != State.DONE) {
      switch (state) {
        case IDENTITY -> {
          body.bytes(b, i, end - i);
          i = end;
        }
        case DATA -> {
          int n = (int) Math.min(chunkRemaining, end - i);
          body.bytes(b, i, n);
          i += n;
          chunkRemaining -= n;
          if (chunkRemaining == 0) {
            state = State.DATA_CR;
          }
        }
        default -> step(b[i++]);
      }
    }
  }

  private void step(byte c) throws ProtocolException {
    switch (state) {
      case SIZE -> {
        int digit = Character.digit(c, 16);
        if (digit >= 0) {
          if (++sizeDigits > MAX_SIZE_DIGITS) {
            throw new ProtocolException("chunk size too long");
          }
          chunkRemaining = chunkRemaining * 16 + digit;
        } else if (c == ';' || c == ' ' || c == '\t') {
          state = State.EXTENSION;
        } else if (c == '\r') {
          state = State.SIZE_LF;
        } else if (c == '\n') {
          endOfSizeLine();
        } else {
          throw new ProtocolException("bad chunk size byte " + (c & 0xff));
        }
      }
      case EXTENSION -> {
        if (c == '\r') {
          state = State.SIZE_LF;
        } else if (c == '\n') {
          endOfSizeLine();
        }
      }
      case SIZE_LF -> {
        if (c != '\n') {
          throw new ProtocolException("chunk size line not ended by CRLF");
        }
        endOfSizeLine();
      }
      case DATA_CR -> {
        if (c != '\r') {
          throw new ProtocolException("chunk data not followed by CRLF");
        }
        state = State.DATA_LF;
      }
      case DATA_LF -> {
        if (c != '\n') {
          throw new ProtocolException("chunk data not followed by CRLF");
        }
        state = State.SIZE;
      }
      default -> throw new IllegalStateException("no byte-wise step in state " + state);
    }
  }

  private void endOfSizeLine() throws ProtocolException {
    if (sizeDigits == 0) {
      throw new ProtocolException("empty chunk size");
    }
    sizeDigits = 0;
    state = chunkRemaining == 0 ? State.DONE : State.DATA;
  }

  private int readHead(byte[] b, int offset, int end) throws ProtocolException {
    int from = Math.max(0, headLength - 3);
    int n = end - offset;
    if (headLength + n > head.length) {
      int grown = Math.min(MAX_HEAD + 4, Math.max(head.length * 2, headLength + n));
      byte[] bigger = new byte[grown];
      System.arraycopy(head, 0, bigger, 0, headLength);
      head = bigger;
    }
    int copied = Math.min(n, head.length - headLength);
    System.arraycopy(b, offset, head, headLength, copied);
    headLength += copied;
    for (int i = from; i + 3 < headLength; i++) {
      if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
        int headEnd = i + 4;
        parseHead(new String(head, 0, i, StandardCharsets.ISO_8859_1));
        // Bytes after the head in this piece are body: they start where the head ended.
        int consumed = headEnd - (headLength - copied);
        head = null;
        headLength = 0;
        return offset + consumed;
      }
    }
    if (headLength > MAX_HEAD) {
      throw new ProtocolException("response head longer than " + MAX_HEAD + " bytes");
    }
    return end;
  }

  private void parseHead(String text) throws ProtocolException {
    String[] lines = text.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x status line: " + lines[0]);
    }
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad status: " + lines[0]);
    }
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0
          && lines[i].substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")
          && lines[i].substring(colon + 1).toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
      if (colon > 0
          && lines[i].substring(0, colon).trim().equalsIgnoreCase("content-encoding")
          && lines[i].substring(colon + 1).trim().equalsIgnoreCase("gzip")) {
        gzip = true;
      }
    }
    state = chunked ? State.SIZE : State.IDENTITY;
  }
}
