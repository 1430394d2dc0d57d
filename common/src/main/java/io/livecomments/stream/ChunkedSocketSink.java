package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * ten thousand viewers. Each {@link WireFrame} already is a whole chunk, shared by every viewer.
 */
final class ChunkedSocketSink implements FrameSink {
  private static final HttpField CHUNKED =
      new PreEncodedHttpField(HttpHeader.TRANSFER_ENCODING, "chunked");

  private final Response response;
  private final Callback stream;
  private final EndPoint endPoint;
  private final Executor executor;
  private boolean committed;

  private ChunkedSocketSink(
      Response response, Callback stream, EndPoint endPoint, Executor executor) {
    this.response = response;
    this.stream = stream;
    this.endPoint = endPoint;
    this.executor = executor;
  }

  /**
   * The sink for one stream: chunks on the socket for HTTP/1.1 (the head then says so), the
   * response's own writes otherwise.
   */
  static FrameSink of(Request request, Response response, Callback stream) {
    Executor executor = request.getComponents().getExecutor();
    if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
      return new ResponseSink(response, stream, executor);
    }
    // Named explicitly so Jetty chunks even where it would otherwise end the body by closing.
    response.getHeaders().put(CHUNKED);
    return new ChunkedSocketSink(
        response, stream, request.getConnectionMetaData().getConnection().getEndPoint(), executor);
  }

  @Override
  public void write(boolean last, WireFrame[] frames, Callback written) {
    if (committed) {
      writeChunks(frames, written);
      return;
    }
    committed = true;
    // Jetty writes the head; the chunks follow once it is on the wire, one write at a time.
    response.write(
        false,
        BufferUtil.EMPTY_BUFFER,
        Callback.from(() -> writeChunks(frames, written), written::failed));
  }

  private void writeChunks(WireFrame[] frames, Callback written) {
    if (frames.length == 1) {
      endPoint.write(written, frames[0].chunk());
      return;
    }
    ByteBuffer[] chunks = new ByteBuffer[frames.length];
    for (int i = 0; i < frames.length; i++) {
      chunks[i] = frames[i].chunk();
    }
    endPoint.write(written, chunks);
  }

  @Override
  public void abort(Throwable cause, Runnable then) {
    executor.execute(
        () -> {
          endPoint.close(cause);
          then.run();
        });
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
  private static final class ResponseSink implements FrameSink {
    private final Response response;
    private final Callback stream;
    private final Executor executor;
    private final AtomicBoolean completed = new AtomicBoolean();

    ResponseSink(Response response, Callback stream, Executor executor) {
      this.response = response;
      this.stream = stream;
      this.executor = executor;
    }

    @Override
    public void write(boolean last, WireFrame[] frames, Callback written) {
      if (frames.length == 1) {
        response.write(last, frames[0].payload(), written);
        return;
      }
      int size = 0;
      for (WireFrame frame : frames) {
        size += frame.size();
      }
      ByteBuffer joined = ByteBuffer.allocate(size);
      for (WireFrame frame : frames) {
        joined.put(frame.payload());
      }
      response.write(last, joined.flip(), written);
    }

    @Override
    public void abort(Throwable cause, Runnable then) {
      executor.execute(
          () -> {
            // Failing the request resets the stream, and with it a write in flight.
            end(cause);
            then.run();
          });
    }

    @Override
    public void end(Throwable failure) {
      if (completed.compareAndSet(false, true)) {
        complete(stream, failure);
      }
    }
  }
}
