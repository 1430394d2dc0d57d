package io.livecomments.stream;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One viewer's live stream (connection-scoped): a queue of shared, read-only frames bounded by
 * {@link ViewerLimits}, and at most one write in flight. Queueing a frame does no I/O; flushing
 * starts the next write, and each write's completion pulls what queued meanwhile, gathered into one
 * write, in a loop ({@link IteratingCallback}), never by recursion.
 *
 * <p>A viewer that falls behind past its limits loses its queue and its connection at once: its
 * socket buffers are full, so no last frame could reach it anyway, and holding the connection would
 * keep its place, its descriptor and the megabytes it was sent. The client reconnects after the
 * {@code retry:} hint its stream began with and resumes from its {@code Last-Event-ID}, so nothing
 * is lost and nothing unbounded is held for it. A viewer that is aborted (the client went away, or
 * overflowed) closes its connection, which fails a write in flight, and then ends.
 *
 * <p>A compressed viewer queues the same plain frames and writes their shared {@link
 * WireFrame#gzipped gzip segments}, after the {@link GzipSegments#HEADER gzip header} in its first
 * write, and ends a graceful stream with the gzip trailer ({@link GzipStream}: a running CRC-32 and
 * length are all it holds for compression). Its queue still counts plain bytes, which bounds it no
 * less.
 */
public final class Viewer extends IteratingCallback {
  /** Frames gathered into one write at most: bounds the write's size and its array. */
  static final int MAX_GATHER = 16;

  private final FrameSink sink;
  private final ViewerLimits limits;
  private final StreamMetrics metrics;
  private final Consumer<Viewer> onEnd;

  /** This connection's gzip state when its stream is compressed, else null. */
  private final GzipStream gzip;

  private final ArrayDeque<WireFrame> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean finishing;
  private boolean lastWritten;

  /** Seq of the newest comment handed to this viewer; written by its channel only. */
  private volatile long deliveredThrough;

  /** Where it is in its {@link ViewerGroup}'s log of deliveries; used by that group only. */
  private long groupPosition;

  /**
   * @param onEnd called once when the stream is over, however it ended
   */
  public Viewer(
      FrameSink sink, ViewerLimits limits, StreamMetrics metrics, Consumer<Viewer> onEnd) {
    this(sink, limits, metrics, onEnd, false);
  }

  /**
   * @param gzip whether the stream is gzip-encoded ({@link GzipSegments})
   */
  public Viewer(
      FrameSink sink,
      ViewerLimits limits,
      StreamMetrics metrics,
      Consumer<Viewer> onEnd,
      boolean gzip) {
    this.sink = sink;
    this.limits = limits;
    this.metrics = metrics;
    this.onEnd = onEnd;
    this.gzip = gzip ? new GzipStream() : null;
  }

  /**
   * Queues a shared frame without writing it; {@link #flush} starts the write, so that frames
   * queued together go out as one write. Channels queue a backlog under their lock and flush
   * outside it; a viewer's writer queues each delivery and then flushes (see {@link ViewerGroup}).
   * When the queue is full, drops everything queued and aborts the viewer (on another thread: the
   * caller may hold a channel's lock).
   *
   * @return false when this viewer takes no more frames: it is finishing, or just overflowed
   */
  boolean enqueue(WireFrame frame) {
    synchronized (queue) {
      if (finishing) {
        return false;
      }
      if (queue.size() < limits.maxQueuedFrames()
          && queuedBytes + frame.size() <= limits.maxQueuedBytes()) {
        queue.add(frame);
        queuedBytes += frame.size();
        return true;
      }
      finishing = true;
      queue.clear();
      queuedBytes = 0;
    }
    metrics.viewerOverflowed();
    ViewerOverflowException overflow = new ViewerOverflowException();
    sink.abort(overflow, () -> abort(overflow));
    return false;
  }

  /**
   * Whether {@code frame} fits in half of what this viewer may queue: how much of a long backlog it
   * takes at once, leaving the other half for what is broadcast meanwhile.
   */
  boolean hasRoomFor(WireFrame frame) {
    synchronized (queue) {
      return !finishing
          && queue.size() < limits.maxQueuedFrames() / 2
          && queuedBytes + frame.size() <= limits.maxQueuedBytes() / 2;
    }
  }

  /** Starts writing what is queued, unless a write is already in flight. */
  void flush() {
    iterate();
  }

  /**
   * Ends the stream gracefully: the frames already queued, then {@code lastFrame} (a {@code retry:}
   * hint telling the client when to reconnect). Does nothing if the viewer is already finishing.
   */
  public void finish(WireFrame lastFrame) {
    queueLast(lastFrame);
    iterate();
  }

  /** Like {@link #finish} but without starting the write: for a caller that flushes later. */
  void queueLast(WireFrame lastFrame) {
    synchronized (queue) {
      if (!finishing) {
        enqueueLast(lastFrame);
      }
    }
  }

  long deliveredThrough() {
    return deliveredThrough;
  }

  void deliveredThrough(long seq) {
    deliveredThrough = seq;
  }

  long groupPosition() {
    return groupPosition;
  }

  void groupPosition(long position) {
    groupPosition = position;
  }

  private void enqueueLast(WireFrame frame) {
    finishing = true;
    queue.add(frame);
    queuedBytes += frame.size();
  }

  boolean isFinishing() {
    synchronized (queue) {
      return finishing;
    }
  }

  @Override
  protected Action process() {
    WireFrame[] next;
    boolean last;
    long bytes = 0;
    synchronized (queue) {
      if (queue.isEmpty()) {
        return lastWritten ? Action.SUCCEEDED : Action.IDLE;
      }
      next = new WireFrame[Math.min(queue.size(), MAX_GATHER)];
      for (int i = 0; i < next.length; i++) {
        next[i] = queue.poll();
        bytes += next[i].size();
      }
      queuedBytes -= bytes;
      last = finishing && queue.isEmpty();
      lastWritten = last;
    }
    if (gzip != null) {
      // Outside the queue's lock: the first viewer to write a frame compresses it.
      next = gzip.encode(next, last);
      bytes = 0;
      for (WireFrame frame : next) {
        bytes += frame.size();
      }
    }
    metrics.framesWritten(next.length, bytes);
    sink.write(last, next, this);
    return Action.SCHEDULED;
  }

  /** Closes the connection, so that a write in flight fails now rather than at the idle timeout. */
  @Override
  protected void onAborted(Throwable cause) {
    sink.abort(cause, () -> {});
  }

  @Override
  protected void onCompleteSuccess() {
    end(null);
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    synchronized (queue) {
      finishing = true;
      queue.clear();
      queuedBytes = 0;
    }
    end(cause);
  }

  private void end(Throwable failure) {
    try {
      onEnd.accept(this);
    } finally {
      sink.end(failure);
    }
  }
}
