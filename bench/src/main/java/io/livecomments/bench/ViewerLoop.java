package io.livecomments.bench;

import io.livecomments.sse.SseEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One selector thread and the viewers it owns: opens their connections at a bounded rate, writes
 * each one GET, decodes the chunked SSE responses and tallies what arrives. Everything a viewer
 * holds is touched by this thread only; other threads read the shared {@link LoadCounters}, a copy
 * of the latency histogram this thread publishes twice a second, and the tallies and the final
 * histogram only after {@link #stop()} returned. (A shared HdrHistogram {@code Recorder} cost a
 * tenth of this thread's time in its atomic counters.)
 *
 * <p>Events are memoized per thread: every viewer gets the same bytes for the same batch, so the
 * event data is decoded once per batch per thread, not once per viewer; each viewer still runs its
 * own HTTP and SSE parsing and its own checks.
 */
final class ViewerLoop implements Runnable {
  private static final int READ_BUFFER = 64 * 1024;
  private static final int MAX_READS_PER_WAKEUP = 4;
  private static final int MAX_OPENS_PER_ITERATION = 256;
  private static final long RECONNECT_DELAY_NANOS = 1_000_000_000L;
  private static final int MEMO_ENTRIES = 256;
  private static final long PUBLISH_NANOS = 500_000_000L;

  private final InetSocketAddress server;
  private final String hostHeader;
  private final String path;
  private final Target target;
  private final EpochMicros clock;
  private final Histogram latency = new Histogram(3);
  private volatile Histogram published = new Histogram(3);
  private long publishedAtNanos;
  private final LoadCounters counters;
  private final int maxReconnects;
  private final boolean gzip;
  private final Selector selector;
  private final byte[] request;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private final List<SseViewer> viewers = new ArrayList<>();

  /** When this thread's viewers got a hide of each comment id (epoch micros), one per viewer. */
  private final Map<String, List<Long>> hides = new HashMap<>();

  private final ArrayDeque<SseViewer> reconnectQueue = new ArrayDeque<>();
  private final ArrayDeque<Long> reconnectDue = new ArrayDeque<>();
  private final Thread thread;

  private volatile boolean stopping;
  private final AtomicInteger forgetRequests = new AtomicInteger();
  private volatile int forgotten;
  private volatile int allowed;
  private volatile double rampPerSecond = 1;
  private volatile long rampStartNanos = System.nanoTime();
  private volatile int openedAtRampStart;

  private long readMicros;

  /**
   * Recently decoded events by data: this thread's viewers are at slightly different places in the
   * same stream, so one memo slot would thrash. Bounded: the eldest entry goes first.
   */
  private final Map<MemoKey, Memo> decoded =
      new LinkedHashMap<>(MEMO_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MemoKey, Memo> eldest) {
          return size() > MEMO_ENTRIES;
        }
      };

  ViewerLoop(
      String name,
      InetSocketAddress server,
      String path,
      Target target,
      EpochMicros clock,
      LoadCounters counters,
      int maxReconnects,
      boolean gzip)
      throws IOException {
    this.gzip = gzip;
    this.server = server;
    this.hostHeader = server.getHostString() + ":" + server.getPort();
    this.path = path;
    this.target = target;
    this.clock = clock;
    this.counters = counters;
    this.maxReconnects = maxReconnects;
    this.selector = Selector.open();
    this.request = request(null);
    this.thread = new Thread(this, name);
  }

  void start() {
    thread.start();
  }

  /** Lets this thread hold up to {@code viewers}, opening new ones at {@code perSecond}. */
  void allow(int viewers, double perSecond) {
    openedAtRampStart = this.viewers.size();
    rampStartNanos = System.nanoTime();
    rampPerSecond = perSecond;
    allowed = viewers;
    selector.wakeup();
  }

  /** Stops the thread, closing every socket, and waits for it (bounded). */
  void stop() throws InterruptedException {
    stopping = true;
    selector.wakeup();
    thread.join(10_000);
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
    }
  }

  /** Asks this thread to forget what its viewers received; returns the request's number. */
  int requestForget() {
    int request = forgetRequests.incrementAndGet();
    selector.wakeup();
    return request;
  }

  /** Whether this thread has carried out request {@code request} (or a later one). */
  boolean hasForgotten(int request) {
    return forgotten >= request;
  }

  /** Between selects, never while a viewer is half way through an event. */
  private void forgetIfAsked() {
    int request = forgetRequests.get();
    if (request == forgotten) {
      return;
    }
    viewers.forEach(viewer -> viewer.tally.reset());
    hides.clear();
    latency.reset();
    published = latency.copy();
    forgotten = request;
  }

  /**
   * Latencies (micros) recorded so far, as of at most half a second ago; exact after {@link
   * #stop()}.
   */
  Histogram latency() {
    return thread.isAlive() ? published : latency;
  }

  /** When this thread's viewers got hides, by comment id; call only after {@link #stop()}. */
  Map<String, List<Long>> hides() {
    return hides;
  }

  /** The tallies of every viewer this thread opened; call only after {@link #stop()}. */
  List<ViewerTally> tallies() {
    List<ViewerTally> out = new ArrayList<>(viewers.size());
    viewers.forEach(v -> out.add(v.tally));
    return out;
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        forgetIfAsked();
        openDue();
        reconnectDue();
        boolean ramping = viewers.size() < allowed || !reconnectQueue.isEmpty();
        selector.select(this::ready, ramping ? 5 : 100);
        if (System.nanoTime() - publishedAtNanos > PUBLISH_NANOS) {
          published = latency.copy();
          publishedAtNanos = System.nanoTime();
        }
      }
    } catch (IOException e) {
      counters.failure("selector failed: " + e);
    } finally {
      for (SseViewer viewer : viewers) {
        closeQuietly(viewer);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // Closing at exit: nothing left to release.
      }
    }
  }

  private void openDue() {
    long elapsed = System.nanoTime() - rampStartNanos;
    long due = openedAtRampStart + (long) (elapsed / 1e9 * rampPerSecond) + 1;
    long target = Math.min(allowed, due);
    for (int i = 0; i < MAX_OPENS_PER_ITERATION && viewers.size() < target; i++) {
      SseViewer viewer = new SseViewer(this);
      viewers.add(viewer);
      open(viewer, ByteBuffer.wrap(request));
    }
  }

  private void reconnectDue() {
    long now = System.nanoTime();
    while (!reconnectDue.isEmpty() && reconnectDue.peekFirst() - now <= 0) {
      reconnectDue.pollFirst();
      SseViewer viewer = reconnectQueue.pollFirst();
      counters.reconnects.incrementAndGet();
      String cursor =
          viewer.sse.lastEventId() != null ? viewer.sse.lastEventId() : viewer.lastEventId;
      open(viewer, ByteBuffer.wrap(request(cursor)));
    }
  }

  private void open(SseViewer viewer, ByteBuffer requestBytes) {
    viewer.reset(requestBytes);
    try {
      SocketChannel channel = SocketChannel.open();
      viewer.channel = channel;
      counters.open.incrementAndGet();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (channel.connect(server)) {
        channel.register(selector, SelectionKey.OP_WRITE, viewer);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, viewer);
      }
    } catch (IOException e) {
      ended(viewer, "connect failed: " + e);
    }
  }

  private void ready(SelectionKey key) {
    SseViewer viewer = (SseViewer) key.attachment();
    try {
      if (key.isConnectable()) {
        viewer.channel.finishConnect();
        key.interestOps(SelectionKey.OP_WRITE);
      }
      if (key.isValid() && key.isWritable()) {
        viewer.channel.write(viewer.request);
        if (!viewer.request.hasRemaining()) {
          viewer.request = null;
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isValid() && key.isReadable()) {
        read(viewer);
      }
    } catch (IOException | RuntimeException e) {
      ended(viewer, e.toString());
    }
  }

  private void read(SseViewer viewer) throws IOException {
    for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
      readBuffer.clear();
      int n = viewer.channel.read(readBuffer);
      if (n < 0) {
        ended(viewer, "server closed the stream");
        return;
      }
      if (n == 0) {
        return;
      }
      readMicros = clock.now();
      counters.wireBytes.add(n);
      viewer.http.feed(readBuffer.array(), 0, n);
      if (!viewer.streaming && viewer.http.status() != 0) {
        if (viewer.http.status() != 200) {
          ended(viewer, "stream answered " + viewer.http.status());
          return;
        }
        viewer.streaming = true;
        counters.streaming.incrementAndGet();
      }
      if (viewer.http.done()) {
        ended(viewer, "server ended the response");
        return;
      }
      if (n < READ_BUFFER) {
        return;
      }
    }
  }

  /** Called by a viewer's SSE parser, on this thread, for each event. */
  void deliver(SseViewer viewer, SseEvent event) {
    // Looked up by a cheap key, confirmed by comparing the data (hashing kilobytes per viewer cost
    // more than the rest of the bookkeeping).
    MemoKey key = new MemoKey(event.type(), event.id(), event.data().length());
    Memo memo = decoded.get(key);
    if (memo == null || !memo.data().equals(event.data())) {
      memo = new Memo(event.data(), target.decode(event));
      decoded.put(key, memo);
    }
    int before = viewer.tally.count();
    viewer.tally.record(memo.decoded(), readMicros, latency);
    counters.received.add(viewer.tally.count() - before);
    for (String id : memo.decoded().hidden()) {
      hides.computeIfAbsent(id, k -> new ArrayList<>()).add(readMicros);
      counters.hides.increment();
    }
  }

  private void ended(SseViewer viewer, String why) {
    closeQuietly(viewer);
    if (stopping) {
      return;
    }
    counters.failure(why);
    if (viewer.reconnects < maxReconnects) {
      viewer.reconnects++;
      reconnectQueue.addLast(viewer);
      reconnectDue.addLast(System.nanoTime() + RECONNECT_DELAY_NANOS);
    }
  }

  private void closeQuietly(SseViewer viewer) {
    if (viewer.channel == null) {
      return;
    }
    if (viewer.streaming) {
      viewer.streaming = false;
      counters.streaming.decrementAndGet();
    }
    try {
      viewer.channel.close();
    } catch (IOException ignored) {
      // The socket is gone either way.
    }
    viewer.channel = null;
    counters.open.decrementAndGet();
  }

  private record MemoKey(String type, String id, int length) {}

  private record Memo(String data, Target.Decoded decoded) {}

  private byte[] request(String lastEventId) {
    String head =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + hostHeader
            + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
            + (gzip ? "Accept-Encoding: gzip\r\n" : "")
            + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
            + "\r\n";
    return head.getBytes(StandardCharsets.US_ASCII);
  }
}
