package io.livecomments.relay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.VideoId;
import io.livecomments.sse.SseEvent;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's upstream client against an upstream that answers gzip the way every hop does (a
 * header, then one sync-flushed deflate segment per frame; no trailer while the stream is open): it
 * asks for gzip and hands on each event as soon as its segment arrives, before the upstream sends
 * the next.
 */
class UpstreamStreamsGzipIT {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<String> acceptEncodings = new LinkedBlockingQueue<>();
  private final CountDownLatch firstReceived = new CountDownLatch(1);
  private Server server;

  @AfterEach
  void stop() throws Exception {
    firstReceived.countDown();
    server.stop();
  }

  @Test
  void theRelayAsksForGzipAndGetsEachEventAsItsSegmentArrives() throws Exception {
    URI base = startUpstream();
    BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    try (UpstreamStreams upstream = new UpstreamStreams(base, Duration.ofSeconds(10), true)) {
      UpstreamStreams.Stream stream =
          upstream.open(new VideoId("v1"), OptionalLong.empty(), events::add, failure -> {});
      try {
        SseEvent first = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first).isEqualTo(new SseEvent("comments", "a", "{\"n\":1}"));
        // The upstream holds the second frame until now: the first came on its own.
        firstReceived.countDown();
        SseEvent second = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(second).isEqualTo(new SseEvent("comments", "b", "{\"n\":2}"));
      } finally {
        stream.close();
      }
    }
    assertThat(acceptEncodings.poll()).isEqualTo("gzip");
  }

  @Test
  void withGzipOffTheRelayAsksForNoEncoding() throws Exception {
    URI base = startUpstream();
    firstReceived.countDown();
    BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    try (UpstreamStreams upstream = new UpstreamStreams(base, Duration.ofSeconds(10), false)) {
      UpstreamStreams.Stream stream =
          upstream.open(new VideoId("v1"), OptionalLong.empty(), events::add, failure -> {});
      try {
        assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
      } finally {
        stream.close();
      }
    }
    assertThat(acceptEncodings.poll()).isEqualTo("none");
  }

  /** An upstream that answers gzip only when asked, plain otherwise. */
  private URI startUpstream() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String asked = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
            acceptEncodings.add(asked == null ? "none" : asked);
            boolean gzip = "gzip".equals(asked);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            if (gzip) {
              response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
              write(response, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
            }
            write(response, frame("a", 1, gzip));
            if (!firstReceived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
              callback.failed(new AssertionError("the first event never arrived on its own"));
              return true;
            }
            write(response, frame("b", 2, gzip));
            // The stream stays open, as a live stream does, until the client closes it.
            return true;
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private static byte[] frame(String id, int n, boolean gzip) {
    byte[] sse =
        ("event: comments\nid: " + id + "\ndata: {\"n\":" + n + "}\n\n")
            .getBytes(StandardCharsets.UTF_8);
    if (!gzip) {
      return sse;
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(sse);
    byte[] out = new byte[sse.length + 64];
    int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    deflater.end();
    return Arrays.copyOf(out, length);
  }

  private static void write(Response response, byte[] bytes) throws Exception {
    Callback.Completable written = new Callback.Completable();
    response.write(false, ByteBuffer.wrap(bytes), written);
    written.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
