package io.livecomments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.conformance.StreamRefusals;
import io.livecomments.harness.RealServers;
import io.livecomments.sse.SseEvent;
import io.livecomments.stream.ViewerLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A relay under failure: its upstream restarting, itself restarting, a viewer that never reads. */
class RelayFaultIT extends RelayOnOriginFixture {
  RelayFaultIT() {
    super("f");
  }

  @Test
  void anUpstreamRelayRestartedMidStreamCostsTheViewerNothing() throws Exception {
    int innerPort = RealServers.freeLoopbackPort();
    RunningRelay inner = relay(origin.base(), innerPort, c -> c);
    RunningRelay outer = started(relay(inner.base()));
    SseRecorder viewer = open(outer.base(), Map.of());
    List<Comment> posted = post(3, "before");
    assertThat(receive(viewer, 3)).isEqualTo(ids(posted));

    inner.close();
    posted = post(5, "while the upstream is down");
    RunningRelay restarted = started(relay(origin.base(), innerPort, c -> c));
    posted.addAll(post(2, "after"));

    assertThat(receive(viewer, 7)).isEqualTo(ids(posted));
    viewer.assertNoEventWithin(Duration.ofMillis(500));
    assertThat(viewer.ended()).as("the viewer's stream stayed open").isFalse();
    assertThat(outer.metricsText()).containsPattern("lc_relay_upstream_reconnects_total [1-9]");
    assertThat(restarted.port()).isEqualTo(innerPort);
  }

  @Test
  void aViewerResumingOnARestartedRelayGetsExactlyWhatItMissedEvenFromBeforeTheRing()
      throws Exception {
    // A viewer at the origin keeps the origin's channel, and so its ring, for the whole test.
    SseRecorder atOrigin = open(origin.base(), Map.of());
    int port = RealServers.freeLoopbackPort();
    RunningRelay relay = relay(origin.base(), port, c -> c);
    SseRecorder viewer = open(relay.base(), Map.of());
    List<Comment> seen = post(2, "seen");
    assertThat(receive(viewer, 2)).isEqualTo(ids(seen));

    relay.close();
    List<Comment> missed = post(150, "missed");
    // All fanned out first: the restarted relay's context is then the last 100 and 50 lie before
    // it (a context of fewer would be the whole video, and need no backfill).
    assertThat(receive(atOrigin, 152)).hasSize(152);
    RunningRelay restarted = started(relay(origin.base(), port, c -> c));
    SseRecorder resumed =
        open(restarted.base(), Map.of("Last-Event-ID", Cursor.encode(seen.get(1).seq())));

    assertThat(receive(resumed, 150)).isEqualTo(ids(missed));
    assertThat(restarted.metricsText())
        .contains("lc_relay_backfills_total{outcome=\"filled\"} 1.0");
  }

  @Test
  void aRelayRestartedBetweenACommentAndItsHideMissesNothing() throws Exception {
    int port = RealServers.freeLoopbackPort();
    RunningRelay relay = relay(origin.base(), port, c -> c);
    SseRecorder viewer = open(relay.base(), Map.of());
    List<Comment> posted = post(2, "soon hidden");
    assertThat(receive(viewer, 2)).isEqualTo(ids(posted));

    relay.close();
    HttpResponse<String> hidden =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    origin
                        .base()
                        .resolve(
                            "/v1/videos/" + video + "/comments/" + posted.get(0).id() + "/hide"))
                .header("Authorization", "Bearer " + origin.moderatorToken("mia"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\":\"abuse\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
    RunningRelay restarted = started(relay(origin.base(), port, c -> c));

    SseRecorder resumed =
        open(restarted.base(), Map.of("Last-Event-ID", Cursor.encode(posted.get(1).seq())));
    SseEvent hide = resumed.nextEvent(WAIT);
    assertThat(hide.type()).as("event %s", hide).isEqualTo("hide");
    assertThat(json.readHide(hide.data()).ids()).containsExactly(posted.get(0).id());
    SseEvent context = open(restarted.base(), Map.of()).nextEvent(WAIT);
    assertThat(json.readBatch(context.data()).comments())
        .extracting(Comment::id)
        .containsExactly(posted.get(1).id());
  }

  @Test
  void aViewerThatNeverReadsIsDroppedWhileOthersGetEverything() throws Exception {
    RunningRelay relay =
        started(
            relay(
                origin.base(),
                c ->
                    c.withStream(c.stream().withViewerLimits(new ViewerLimits(64, 256 * 1024)))
                        .withSocketSendBuffer(8 * 1024)));
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", relay.port()));
      OutputStream request = stalled.getOutputStream();
      request.write(
          ("GET /v1/videos/"
                  + video
                  + "/stream HTTP/1.1\r\nHost: relay\r\n"
                  + "Accept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      SseRecorder reader = open(relay.base(), Map.of());

      // Well past what the stalled viewer's queue and socket buffers hold; a reader that keeps up
      // (even on a loaded CI machine) stays within its queue.
      List<Comment> posted = post(700, "x".repeat(480));

      assertThat(receive(reader, 700)).isEqualTo(ids(posted));
      Awaitility.await("the stalled viewer overflowed")
          .atMost(WAIT)
          .until(() -> relay.metricsText().contains("lc_stream_viewer_overflows_total 1.0"));
    }
  }

  @Test
  void pastItsLimitsARelayRefusesNewViewersSoThatBrowsersRetryAndKeepsTheOpenOnes()
      throws Exception {
    RunningRelay relay =
        started(relay(origin.base(), c -> c.withStream(c.stream().withLimits(1, 1))));
    SseRecorder first = open(relay.base(), Map.of());

    HttpResponse<InputStream> refused =
        SseRecorder.send(http, relay.base().resolve(streamPath()), Map.of());

    StreamRefusals.assertRefused(refused, "hop-full");
    assertThat(relay.metricsText()).contains("lc_stream_refused_total{reason=\"hop-full\"} 1.0");
    List<Comment> posted = post(1, "still served");
    assertThat(receive(first, 1)).isEqualTo(ids(posted));
  }

  private String streamPath() {
    return "/v1/videos/" + video + "/stream";
  }
}
