package io.livecomments.stream;

import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.util.Callback;

/**
 * A viewer's connection without a socket: records every frame. When {@code autoComplete} is off
 * writes stay pending until {@link #completeOne}, like a viewer that does not read. Frames may be
 * written from a writer thread while the test reads them. Public for the tests of other modules'
 * stream sources, which read what a viewer got with {@link #events}.
 */
public final class RecordingSink implements FrameSink {
  final List<ByteBuffer> written = Collections.synchronizedList(new ArrayList<>());
  final List<Callback> pending = new ArrayList<>();
  boolean autoComplete = true;
  boolean lastSeen;
  boolean ended;
  Throwable failure;
  final List<Runnable> aborts = new ArrayList<>();

  @Override
  public void write(boolean last, WireFrame[] frames, Callback callback) {
    for (WireFrame frame : frames) {
      written.add(frame.payload());
    }
    lastSeen |= last;
    if (autoComplete) {
      callback.succeeded();
    } else {
      pending.add(callback);
    }
  }

  @Override
  public void end(Throwable failure) {
    ended = true;
    this.failure = failure;
  }

  /**
   * Records the abort; {@link #runAborts} does what the connection would: fails the writes in
   * flight, then runs what the viewer asked for.
   */
  @Override
  public void abort(Throwable cause, Runnable then) {
    aborts.add(
        () -> {
          while (!pending.isEmpty()) {
            pending.remove(0).failed(cause);
          }
          then.run();
        });
  }

  void runAborts() {
    while (!aborts.isEmpty()) {
      aborts.remove(0).run();
    }
  }

  void completeOne() {
    pending.remove(0).succeeded();
  }

  int writtenCount() {
    return written.size();
  }

  /** Every event written so far, parsed as a client would. */
  public List<SseEvent> events() {
    List<SseEvent> events = new ArrayList<>();
    byte[] all = text().getBytes(StandardCharsets.UTF_8);
    new SseParser(
            new SseListener() {
              @Override
              public void onEvent(SseEvent event) {
                events.add(event);
              }
            },
            1 << 20)
        .feed(all, 0, all.length);
    return events;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    synchronized (written) {
      for (ByteBuffer frame : written) {
        out.append(StandardCharsets.UTF_8.decode(frame.duplicate()));
      }
    }
    return out.toString();
  }
}
