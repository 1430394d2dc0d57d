package io.livecomments.bench;

import io.livecomments.sse.GzipInflow;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One simulated viewer (viewer-scoped, owned by one {@link ViewerLoop} thread): its socket, the
 * decoders of its current response and its tally, which outlives reconnects. Kept small: the
 * generator holds up to ~19,000 of these in one process.
 */
final class SseViewer implements SseListener, HttpStreamDecoder.Body {
  private static final int MAX_EVENT_BYTES = 1 << 20;

  private final ViewerLoop loop;
  final ViewerTally tally = new ViewerTally();
  SocketChannel channel;

  /** The request still to write; null once it is written. */
  ByteBuffer request;

  HttpStreamDecoder http;
  SseParser sse;

  /** Inflates a gzip body; made at the first body bytes of a gzip response. */
  private GzipInflow inflow;

  boolean streaming;
  int reconnects;

  /** Cursor to resume from after a reconnect. */
  String lastEventId;

  SseViewer(ViewerLoop loop) {
    this.loop = loop;
  }

  /** Fresh decoders for a new connection; the tally and cursor carry over. */
  void reset(ByteBuffer request) {
    if (sse != null && sse.lastEventId() != null) {
      lastEventId = sse.lastEventId();
    }
    this.request = request;
    http = new HttpStreamDecoder(this);
    sse = new SseParser(this, MAX_EVENT_BYTES);
    if (inflow != null) {
      inflow.close();
      inflow = null;
    }
    streaming = false;
  }

  @Override
  public void bytes(byte[] b, int offset, int length) {
    if (!http.gzip()) {
      sse.feed(b, offset, length);
      return;
    }
    if (inflow == null) {
      inflow = new GzipInflow(sse::feed);
    }
    inflow.feed(b, offset, length);
  }

  @Override
  public void onEvent(SseEvent event) {
    loop.deliver(this, event);
  }
}
