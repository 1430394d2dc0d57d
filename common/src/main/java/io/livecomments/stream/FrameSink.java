package io.livecomments.stream;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;

/**
 * Where one viewer's frames go (connection-scoped): the HTTP response in production, a recorder in
 * tests. At most one write is outstanding at a time; the sink calls the callback when the bytes are
 * written or the connection failed.
 */
public interface FrameSink {
  void write(boolean last, ByteBuffer frame, Callback callback);

  /** The stream is over: cleanly when {@code failure} is null; releases the connection. */
  void end(Throwable failure);
}
