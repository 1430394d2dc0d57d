package io.livecomments.relay;

import io.livecomments.comment.Comment;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the relay ITs that run real relays in front of one in-memory origin share: the origin (new
 * per test, no rate limit), one video per test, and closing every relay and stream a test opened,
 * the last first, before the origin.
 */
abstract class RelayOnOriginFixture {
  static final Duration WAIT = Duration.ofSeconds(15);

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final CommentJson json = new CommentJson();
  final List<AutoCloseable> running = new ArrayList<>();
  final String video;
  RunningOrigin origin;
  CommentApiClient api;

  /**
   * @param videoPrefix tells a test's video apart in logs and metrics
   */
  RelayOnOriginFixture(String videoPrefix) {
    this.video = videoPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Whether every hop serves gzip and every viewer this fixture opens asks for it: false here, true
   * in the gzip variants, which run the same tests.
   */
  protected boolean gzip() {
    return false;
  }

  @BeforeEach
  void startOrigin() throws Exception {
    origin =
        new RunningOrigin(
            RateLimit.OFF, 0, config -> config.withStream(config.stream().withGzip(gzip())));
    api = new CommentApiClient(http, origin.base(), origin::token);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    origin.close();
  }

  /** A relay in front of {@code upstream} with this variant's gzip, on a free port. */
  RunningRelay relay(URI upstream) throws Exception {
    return relay(upstream, 0, UnaryOperator.identity());
  }

  RunningRelay relay(URI upstream, UnaryOperator<RelayConfig> tweak) throws Exception {
    return relay(upstream, 0, tweak);
  }

  /** A relay on {@code port} (0: a free one) with this variant's gzip, then {@code tweak}. */
  RunningRelay relay(URI upstream, int port, UnaryOperator<RelayConfig> tweak) throws Exception {
    return new RunningRelay(
        upstream, port, config -> tweak.apply(RunningRelay.withGzip(gzip()).apply(config)));
  }

  /** {@code relay}, closed after the test. */
  RunningRelay started(RunningRelay relay) {
    running.add(relay);
    return relay;
  }

  /** A stream of the test's video on {@code base}, closed after the test. */
  SseRecorder open(URI base, Map<String, String> headers) throws Exception {
    return open(base, video, headers);
  }

  SseRecorder open(URI base, String videoId, Map<String, String> headers) throws Exception {
    Map<String, String> asked = new HashMap<>(headers);
    if (gzip()) {
      asked.put("Accept-Encoding", "gzip");
    }
    SseRecorder recorder =
        SseRecorder.open(http, base.resolve("/v1/videos/" + videoId + "/stream"), asked);
    running.add(recorder);
    return recorder;
  }

  /** Posts {@code count} comments to the test's video, each by another user. */
  List<Comment> post(int count, String text) throws Exception {
    List<Comment> posted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      posted.add(api.post(video, "user-" + i, text + " " + i));
    }
    return posted;
  }

  /** The ids of the next {@code count} comments on the stream, failing on anything but comments. */
  List<String> receive(SseRecorder stream, int count) throws Exception {
    return stream.nextCommentIds(count, json, WAIT);
  }

  static List<String> ids(List<Comment> comments) {
    return comments.stream().map(Comment::id).toList();
  }
}
