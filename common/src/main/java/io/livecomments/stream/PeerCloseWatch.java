package io.livecomments.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once that the client of an HTTP/1.1 stream closed its connection (connection-scoped).
 * Jetty reads a connection only while it expects a request or its body, and a stream's {@code GET}
 * has no body, so on its own a closed connection is found only by the next write: a heartbeat, up
 * to 15 s later, while the stream still counts and holds its place. The watch keeps the socket
 * read-interested instead: end of input or a failed read ends the stream at once.
 *
 * <p>A client sends nothing on a stream's connection after its request (the stream never ends by
 * itself, so nothing can be pipelined behind it); bytes that arrive anyway are dropped. Because the
 * watch holds the connection's read interest, a watched stream's response says {@code Connection:
 * close}: when the stream ends, Jetty closes the connection instead of reading the next request.
 */
final class PeerCloseWatch implements Callback {
  private final EndPoint endPoint;
  private final Consumer<Throwable> onGone;
  private final ByteBuffer scratch = BufferUtil.allocate(64);

  private PeerCloseWatch(EndPoint endPoint, Consumer<Throwable> onGone) {
    this.endPoint = endPoint;
    this.onGone = onGone;
  }

  /**
   * Starts watching; false when the connection is already read-interested (Jetty reads it itself
   * and reports the close through the request's failure listeners).
   */
  static boolean start(EndPoint endPoint, Consumer<Throwable> onGone) {
    return endPoint.tryFillInterested(new PeerCloseWatch(endPoint, onGone));
  }

  @Override
  public void succeeded() {
    try {
      while (true) {
        BufferUtil.clear(scratch);
        int read = endPoint.fill(scratch);
        if (read < 0) {
          onGone.accept(new EofException("the client closed the stream"));
          return;
        }
        if (read == 0) {
          // Should Jetty read the connection itself by now, it reports the close instead.
          endPoint.tryFillInterested(this);
          return;
        }
      }
    } catch (Throwable failure) {
      onGone.accept(failure);
    }
  }

  @Override
  public void failed(Throwable failure) {
    onGone.accept(failure);
  }
}
