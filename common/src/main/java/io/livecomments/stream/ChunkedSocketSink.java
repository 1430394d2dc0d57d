package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * An HTTP/1.1 stream's frames written as chunks straight to the connection's socket. Jetty commits
 * the response head (with {@code Transfer-Encoding: chunked}) and, when the stream ends, the last
 * chunk; every frame in between skips the response's per-write machinery (state checks, header
 * lookups, the generator), which the relay's profile showed to cost more than the write itself at
 * ten thousand viewers. The frames stay shared: only the few bytes of the chunk size are per write.
 */
final class ChunkedSocketSink implements FrameSink {
  private static final HttpField CHUNKED =
      new PreEncodedHttpField(HttpHeader.TRANSFER_ENCODING, "chunked");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final Response response;
  private final Callback stream;
  private final EndPoint endPoint;
  private boolean committed;

  private ChunkedSocketSink(Response response, Callback stream, EndPoint endPoint) {
    this.response = response;
    this.stream = stream;
    this.endPoint = endPoint;
  }

  /**
   * The sink for one stream: chunks on the socket for HTTP/1.1 (the head then says so), the
   * response's own writes otherwise.
   */
  static FrameSink of(Request request, Response response, Callback stream) {
    if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
      return new ResponseSink(response, stream);
    }
    // Named explicitly so Jetty chunks even where it would otherwise end the body by closing.
    response.getHeaders().put(CHUNKED);
    return new ChunkedSocketSink(
        response, stream, request.getConnectionMetaData().getConnection().getEndPoint());
  }

  @Override
  public void write(boolean last, ByteBuffer[] frames, Callback written) {
    if (committed) {
      writeChunk(frames, written);
      return;
    }
    committed = true;
    // Jetty writes the head; the chunks follow once it is on the wire, one write at a time.
    response.write(
        false, BufferUtil.EMPTY_BUFFER, Callback.from(() -> writeChunk(frames, written), written::failed));
  }

  private void writeChunk(ByteBuffer[] frames, Callback written) {
    long size = 0;
    for (ByteBuffer frame : frames) {
      size += frame.remaining();
    }
    if (size == 0) {
      // An empty chunk would end the body.
      written.succeeded();
      return;
    }
    ByteBuffer[] chunk = new ByteBuffer[frames.length + 2];
    chunk[0] = chunkHead(size);
    System.arraycopy(frames, 0, chunk, 1, frames.length);
    chunk[chunk.length - 1] = ByteBuffer.wrap(CRLF);
    endPoint.write(written, chunk);
  }

  /** The chunk's size line: hex digits, then CRLF. */
  static ByteBuffer chunkHead(long size) {
    int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(size)) / 4);
    byte[] head = new byte[digits + 2];
    for (int i = digits - 1; i >= 0; i--, size >>>= 4) {
      head[i] = HEX[(int) (size & 0xf)];
    }
    head[digits] = '\r';
    head[digits + 1] = '\n';
    return ByteBuffer.wrap(head);
  }

  @Override
  public void end(Throwable failure) {
    // Jetty ends the body with the last chunk.
    complete(stream, failure);
  }

  /** Completes the stream's request: cleanly when {@code failure} is null. */
  private static void complete(Callback stream, Throwable failure) {
    if (failure == null) {
      stream.succeeded();
    } else {
      stream.failed(failure);
    }
  }

  /** Writes through the response: for the protocols whose framing is Jetty's alone. */
  private record ResponseSink(Response response, Callback stream) implements FrameSink {
    @Override
    public void write(boolean last, ByteBuffer[] frames, Callback written) {
      if (frames.length == 1) {
        response.write(last, frames[0], written);
        return;
      }
      ByteBuffer joined = ByteBuffer.allocate((int) BufferUtil.remaining(frames));
      for (ByteBuffer frame : frames) {
        joined.put(frame);
      }
      response.write(last, joined.flip(), written);
    }

    @Override
    public void end(Throwable failure) {
      complete(stream, failure);
    }
  }
}
