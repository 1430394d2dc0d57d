package io.livecomments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.conformance.StreamRefusals;
import io.livecomments.harness.RealServers;
import io.livecomments.sse.SseEvent;
import io.livecomments.stream.StreamLimits;
import io.livecomments.stream.ViewerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What an attacker, a slow network and a careful reviewer found at the relay (issue 19). */
class RelayHardeningIT extends RelayOnOriginFixture {
  /** Much longer than any wait below: only the fix, not a heartbeat, can end a stream in time. */
  private static final Duration SLOW_HEARTBEAT = Duration.ofSeconds(120);

  RelayHardeningIT() {
    super("h");
  }

  @Test
  void aViewerDroppedForOverflowIsClosedAndGivesBackItsPlaceAtOnce() throws Exception {
    RunningRelay relay =
        started(
            relay(
                origin.base(),
                c ->
                    c.withStream(
                            c.stream()
                                .withHeartbeat(SLOW_HEARTBEAT)
                                .withLimits(10, 2)
                                .withViewerLimits(new ViewerLimits(64, 256 * 1024)))
                        .withSocketSendBuffer(8 * 1024)));
    try (Socket stalled = stalledViewer(relay)) {
      SseRecorder reader = open(relay.base(), Map.of());
      List<Comment> posted = post(700, "x".repeat(480));
      assertThat(receive(reader, 700)).isEqualTo(ids(posted));
      Awaitility.await("the stalled viewer overflowed")
          .atMost(WAIT)
          .until(() -> relay.metricsText().contains("lc_stream_viewer_overflows_total 1.0"));

      // At once: well within the idle timeout that used to end it after minutes.
      Awaitility.await("the overflowed viewer no longer counts")
          .atMost(Duration.ofSeconds(5))
          .until(() -> relay.metricsText().contains("lc_stream_open 1.0"));
      assertThat(closedByPeer(stalled)).as("the relay closed the overflowed connection").isTrue();
      SseRecorder another = open(relay.base(), Map.of());
      assertThat(another.next(WAIT)).isInstanceOf(SseRecorder.Retry.class);
    }
  }

  /**
   * Whether the peer has closed {@code socket}: what it sent before is read and dropped (bounded),
   * then end of input or a reset; false if it is still open after {@link #WAIT}.
   */
  private static boolean closedByPeer(Socket socket) throws IOException {
    socket.setSoTimeout((int) WAIT.toMillis());
    byte[] sink = new byte[64 * 1024];
    InputStream in = socket.getInputStream();
    try {
      for (int i = 0; i < 1_000; i++) {
        if (in.read(sink) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: an abort
    }
  }

  @Test
  void aClientThatClosesItsStreamIsNoticedAtOnceNotAtTheNextHeartbeat() throws Exception {
    RunningRelay relay =
        started(relay(origin.base(), c -> c.withStream(c.stream().withHeartbeat(SLOW_HEARTBEAT))));
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.getOutputStream().write(streamRequest().getBytes(StandardCharsets.US_ASCII));
      readHead(client.getInputStream());
      Awaitility.await("the stream counts").atMost(WAIT).until(() -> open(relay) == 1);
    }

    Awaitility.await("the closed stream no longer counts")
        .atMost(Duration.ofSeconds(5))
        .until(() -> open(relay) == 0);
  }

  @Test
  void pastItsUpstreamCapARelayRefusesNewVideosButServesTheOnesItHas() throws Exception {
    RunningRelay relay =
        started(
            relay(
                origin.base(),
                c -> c.withStream(c.stream().withLimits(new StreamLimits(100, 100, 2, 100)))));
    open(relay.base(), "a-" + video, Map.of()).next(WAIT);
    open(relay.base(), "b-" + video, Map.of()).next(WAIT);

    StreamRefusals.assertRefused(send(relay, "c-" + video), "videos-full");
    assertThat(relay.metricsText()).contains("lc_relay_upstreams 2.0");
    assertThat(open(relay.base(), "a-" + video, Map.of()).next(WAIT))
        .isInstanceOf(SseRecorder.Retry.class);
  }

  @Test
  void oneAddressStreamsAtMostItsShareOfDistinctVideos() throws Exception {
    RunningRelay relay =
        started(
            relay(
                origin.base(),
                c -> c.withStream(c.stream().withLimits(new StreamLimits(100, 100, 100, 2)))));
    open(relay.base(), "a-" + video, Map.of()).next(WAIT);
    open(relay.base(), "b-" + video, Map.of()).next(WAIT);

    StreamRefusals.assertRefused(send(relay, "c-" + video), "address-videos-full");
    assertThat(relay.metricsText())
        .contains("lc_stream_refused_total{reason=\"address-videos-full\"} 1.0");
  }

  @Test
  void aViewerResumingAfterAnOutageLongerThanTheRecentWindowGetsEveryCommentOnceInOrder()
      throws Exception {
    int port = RealServers.freeLoopbackPort();
    RunningRelay relay = relay(origin.base(), port, c -> c);
    SseRecorder viewer = open(relay.base(), Map.of());
    List<Comment> seen = post(2, "seen");
    assertThat(receive(viewer, 2)).isEqualTo(ids(seen));

    relay.close();
    List<Comment> missed = post(150, "missed");
    // Nobody watches at the origin any more: its channel, and its ring, are gone.
    Awaitility.await("the origin closed the video's channel")
        .atMost(WAIT)
        .until(() -> metrics(origin.base()).contains("lc_stream_videos 0.0"));
    RunningRelay restarted = started(relay(origin.base(), port, c -> c));
    SseRecorder resumed =
        open(restarted.base(), Map.of("Last-Event-ID", Cursor.encode(seen.get(1).seq())));

    assertThat(receive(resumed, 150)).isEqualTo(ids(missed));
    List<Comment> live = post(1, "live");
    assertThat(receive(resumed, 1)).isEqualTo(ids(live));
    resumed.assertNoEventWithin(Duration.ofMillis(300));
  }

  @Test
  void aCatchUpLargerThanAViewersQueueArrivesInPartsToAClientThatReconnects() throws Exception {
    int port = RealServers.freeLoopbackPort();
    RunningRelay relay = relay(origin.base(), port, c -> c);
    SseRecorder viewer = open(relay.base(), Map.of());
    List<Comment> seen = post(1, "seen");
    assertThat(receive(viewer, 1)).isEqualTo(ids(seen));

    relay.close();
    // About 1.3 MB: more than half of any hop's viewer queue (1 MiB), so each hop hands it over in
    // parts, and the relay's own catch-up from the origin resumes after each part too.
    List<Comment> missed = post(1_900, "y".repeat(480));
    RunningRelay restarted = started(relay(origin.base(), port, c -> c));

    List<String> received = new ArrayList<>();
    String[] cursor = {Cursor.encode(seen.get(0).seq())};
    int parts = 0;
    for (; received.size() < missed.size() && parts < 20; parts++) {
      // What an EventSource does: reconnect with the id of the last event it got.
      try (SseRecorder part =
          SseRecorder.open(
              http,
              restarted.base().resolve("/v1/videos/" + video + "/stream"),
              Map.of("Last-Event-ID", cursor[0]))) {
        Awaitility.await("the part ended, or the whole catch-up arrived")
            .atMost(WAIT)
            .until(
                () -> {
                  boolean ended = part.ended();
                  take(part.drain(), received, cursor);
                  return ended || received.size() >= missed.size();
                });
      }
    }
    assertThat(received).isEqualTo(ids(missed));
    assertThat(parts).as("streams the client needed").isGreaterThan(1);
    // One catch-up per part, each of them resumed across the origin's own parts.
    assertThat(restarted.metricsText())
        .contains("lc_relay_backfills_total{outcome=\"filled\"}")
        .doesNotContain("lc_relay_backfills_total{outcome=\"failed\"}");
  }

  @Test
  void aViewerFurtherBehindThanOneCatchUpGetsAReset() throws Exception {
    int port = RealServers.freeLoopbackPort();
    RunningRelay relay = relay(origin.base(), port, c -> c);
    SseRecorder viewer = open(relay.base(), Map.of());
    List<Comment> seen = post(1, "seen");
    assertThat(receive(viewer, 1)).isEqualTo(ids(seen));

    relay.close();
    List<Comment> missed = post(150, "missed");
    // Fanned out: the upstream's context is then the last 100, and 50 lie before it.
    Awaitility.await("the last comment fanned out")
        .atMost(WAIT)
        .until(
            () ->
                get(origin.base().resolve("/v1/videos/" + video + "/comments?limit=1"))
                    .contains(missed.get(149).id()));
    RunningRelay restarted =
        started(relay(origin.base(), port, c -> c.withStream(c.stream().withMaxCatchUp(20))));
    SseRecorder resumed =
        open(restarted.base(), Map.of("Last-Event-ID", Cursor.encode(seen.get(0).seq())));

    SseEvent first = resumed.nextEvent(WAIT);
    assertThat(first.type()).as("%s", first).isEqualTo("reset");
  }

  /** Adds the comments of {@code items} to {@code received}, keeping the last event id. */
  private void take(List<SseRecorder.Item> items, List<String> received, String[] cursor) {
    for (SseRecorder.Item item : items) {
      if (item instanceof SseRecorder.Event event) {
        assertThat(event.event().type()).as("event %s", event).isEqualTo("comments");
        json.readBatch(event.event().data()).comments().forEach(c -> received.add(c.id()));
        cursor[0] = event.event().id();
      }
    }
  }

  private Socket stalledViewer(RunningRelay relay) throws Exception {
    Socket stalled = new Socket();
    stalled.setReceiveBufferSize(4096);
    stalled.connect(new InetSocketAddress("127.0.0.1", relay.port()));
    stalled.getOutputStream().write(streamRequest().getBytes(StandardCharsets.US_ASCII));
    stalled.getOutputStream().flush();
    return stalled;
  }

  private String streamRequest() {
    return "GET /v1/videos/"
        + video
        + "/stream HTTP/1.1\r\nHost: relay\r\nAccept: text/event-stream\r\n\r\n";
  }

  private static void readHead(InputStream in) throws Exception {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      assertThat(b).as("the stream's head").isNotNegative();
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  private double open(RunningRelay relay) throws Exception {
    for (String line : relay.metricsText().split("\n")) {
      if (line.startsWith("lc_stream_open ")) {
        return Double.parseDouble(line.substring("lc_stream_open ".length()));
      }
    }
    throw new AssertionError("no lc_stream_open");
  }

  private String metrics(URI base) throws Exception {
    return get(base.resolve("/metrics"));
  }

  private String get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<InputStream> send(RunningRelay relay, String videoId) throws Exception {
    return SseRecorder.send(
        http, relay.base().resolve("/v1/videos/" + videoId + "/stream"), Map.of());
  }
}
