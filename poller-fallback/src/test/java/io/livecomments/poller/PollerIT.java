package io.livecomments.poller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotSchedule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PollerIT {
  private static RunningPoller poller;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final CommentJson JSON = new CommentJson();

  @BeforeAll
  static void start() throws Exception {
    poller = new RunningPoller();
  }

  @AfterAll
  static void stop() throws Exception {
    poller.close();
  }

  @Test
  void aClosedSecondIsImmutableWithAStrongEtag() throws Exception {
    VideoId video = newVideo();
    long second = now() - 5;
    Snapshot snapshot = new Snapshot(video, second, List.of(comment(video, 7)), 3, 9);
    poller.store().put(snapshot);

    HttpResponse<String> reply = get(video, Long.toString(second), null);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=60, immutable");
    assertThat(reply.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    assertThat(JSON.readSnapshot(reply.body())).isEqualTo(snapshot);
    String etag = reply.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"");

    HttpResponse<String> revalidated = get(video, Long.toString(second), etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
  }

  @Test
  void aClosedSecondPassesWhatItHidAndRestoredThroughUnchanged() throws Exception {
    VideoId video = newVideo();
    long second = now() - 5;
    Snapshot snapshot =
        new Snapshot(
            video,
            second,
            List.of(comment(video, 7)),
            1,
            9,
            List.of("c2"),
            List.of(comment(video, 3), comment(video, 4)));
    poller.store().put(snapshot);

    HttpResponse<String> reply = get(video, Long.toString(second), null);
    HttpResponse<String> cached = get(video, Long.toString(second), null);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(new String(JSON.snapshot(snapshot), UTF_8));
    assertThat(reply.body()).contains("\"restored\":[{\"id\":\"c3\",\"seq\":3,");
    assertThat(JSON.readSnapshot(reply.body())).isEqualTo(snapshot);
    assertThat(cached.body()).isEqualTo(reply.body());
  }

  @Test
  void anOpenSecondIsHeldUntilWritten() throws Exception {
    VideoId video = newVideo();
    long second = now();
    CompletableFuture<HttpResponse<String>> held =
        HTTP.sendAsync(
            request(video, Long.toString(second), null), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> poller.server().heldPolls() == 1);
    assertThat(held).isNotDone();

    poller.store().put(new Snapshot(video, second, List.of(comment(video, 1)), 1, 1));

    HttpResponse<String> reply = held.get();
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(JSON.readSnapshot(reply.body()).lastSeq()).isEqualTo(1);
  }

  @Test
  void aLateSecondOfAnActiveVideoIs503AfterTheHold() throws Exception {
    VideoId video = newVideo();
    long second = now() + 1;
    poller.store().put(Snapshot.empty(video, second - 2, 0));

    HttpResponse<String> reply = get(video, Long.toString(second), null);

    assertThat(reply.statusCode()).isEqualTo(503);
    assertThat(reply.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void anOpenSecondPolledEarlyIsHeldUntilTheWriterStoresItOnSchedule() throws Exception {
    VideoId video = newVideo();
    long second = earlyInASecond() + 1;
    poller.store().put(Snapshot.empty(video, second - 2, 0));
    Snapshot written = new Snapshot(video, second, List.of(comment(video, 1)), 1, 1);
    // A writer on schedule: the second closes `margin` after it ends, is stored at the next tick.
    SnapshotSchedule schedule = SnapshotSchedule.DEFAULT;
    long storeAt = (second + 1) * 1000 + schedule.margin().toMillis() + schedule.tick().toMillis();
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try {
      writer.schedule(
          () -> poller.store().put(written),
          storeAt - System.currentTimeMillis(),
          TimeUnit.MILLISECONDS);

      HttpResponse<String> reply = get(video, Long.toString(second), null);

      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
      assertThat(JSON.readSnapshot(reply.body())).isEqualTo(written);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aQuietVideosOpenSecondIsAnsweredOnlyWhenTheWriterWouldHaveStoredIt() throws Exception {
    VideoId video = newVideo();
    long second = earlyInASecond() + 1;

    HttpResponse<String> reply = get(video, Long.toString(second), null);
    long answeredAt = System.currentTimeMillis();

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(JSON.readSnapshot(reply.body()).comments()).isEmpty();
    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
    assertThat(answeredAt)
        .as("not before the second could be stored")
        .isGreaterThanOrEqualTo(SnapshotSchedule.DEFAULT.storedByMillis(second));
  }

  @Test
  void anUnknownVideoReadsEmptyForOneSecond() throws Exception {
    VideoId video = newVideo();

    HttpResponse<String> reply = get(video, Long.toString(now() - 3), null);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
    assertThat(JSON.readSnapshot(reply.body()).comments()).isEmpty();
  }

  @Test
  void latestNamesTheNewestClosedSecond() throws Exception {
    VideoId video = newVideo();
    long second = now() - 2;
    poller.store().put(Snapshot.empty(video, second - 1, 4));
    poller.store().put(Snapshot.empty(video, second, 4));

    HttpResponse<String> reply = get(video, "latest", null);

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
    assertThat(reply.headers().firstValue("Content-Location"))
        .hasValue("/v1/videos/" + video.value() + "/snapshots/" + second);
    assertThat(JSON.readSnapshot(reply.body()).second()).isEqualTo(second);
  }

  @Test
  void badRequestsAreProblems() throws Exception {
    VideoId video = newVideo();
    assertProblem(get(video, Long.toString(now() + 3), null), 400, "second-too-far-ahead");
    assertProblem(get(video, "12ab", null), 400, "invalid-second");
    assertProblem(
        get(video, Long.toString(now() - 61), null),
        410,
        "/v1/videos/" + video.value() + "/comments");
    HttpResponse<String> badVideo =
        HTTP.send(
            HttpRequest.newBuilder(poller.base().resolve("/v1/videos/bad%20id/snapshots/latest"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(badVideo, 400, "invalid-video-id");
  }

  private static void assertProblem(HttpResponse<String> reply, int status, String text) {
    assertThat(reply.statusCode()).isEqualTo(status);
    assertThat(reply.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(reply.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    assertThat(reply.body()).contains(text);
  }

  /** Waits until just after a second begins (fraction about 0.05); returns that second. */
  private static long earlyInASecond() throws InterruptedException {
    long millis = System.currentTimeMillis();
    Thread.sleep(1050 - Math.floorMod(millis, 1000));
    return now();
  }

  private static long now() {
    return Math.floorDiv(System.currentTimeMillis(), 1000);
  }

  private static HttpResponse<String> get(VideoId video, String second, String ifNoneMatch)
      throws Exception {
    return HTTP.send(request(video, second, ifNoneMatch), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(VideoId video, String second, String ifNoneMatch) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
                URI.create(poller.base() + "/v1/videos/" + video.value() + "/snapshots/" + second))
            .timeout(Duration.ofSeconds(10));
    if (ifNoneMatch != null) {
      builder.header("If-None-Match", ifNoneMatch);
    }
    return builder.build();
  }

  private static Comment comment(VideoId video, long seq) {
    return new Comment("c" + seq, video, seq, new Author("u", "U", false), "hi", 1L);
  }

  private static VideoId newVideo() {
    return new VideoId("v" + UUID.randomUUID().toString().replace("-", ""));
  }
}
