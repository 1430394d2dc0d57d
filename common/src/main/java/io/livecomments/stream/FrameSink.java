package io.livecomments.stream;

import org.eclipse.jetty.util.Callback;

/**
 * Where one viewer's frames go (connection-scoped): the HTTP connection in production, a recorder
 * in tests. At most one write is outstanding at a time; the sink calls the callback when the bytes
 * are written or the connection failed.
 */
public interface FrameSink {
  /**
   * Writes whole frames, in order, as one write: a viewer that fell behind catches up with one
   * syscall rather than one per frame.
   */
  void write(boolean last, WireFrame[] frames, Callback callback);

  /**
   * Drops the connection at once, on another thread (the caller may hold a lock): a write in flight
   * fails. Then runs {@code then} on that thread.
   */
  void abort(Throwable cause, Runnable then);

  /** The stream is over: cleanly when {@code failure} is null; releases the connection. */
  void end(Throwable failure);
}
