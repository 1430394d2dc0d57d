package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.VideoId;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.harness.RealServers;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.origin.backends.SharedKafka;
import io.livecomments.origin.redis.RedisServerProcess;
import io.livecomments.origin.redis.RedisSnapshotStore;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.sse.SseEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Moderation end to end on real Kafka, Redis and DynamoDB Local: the moderation consumer group
 * hides a blocklisted comment through the log (Redis channel, recent window, streams), the
 * persister hides it in DynamoDB, the decision and the queue item live in the moderation table, and
 * a moderator's unhide brings it back to history and, in full, to the Redis snapshot of the second
 * it is published in; a resume from before the ring, served from DynamoDB, gets the hide and never
 * the hidden comment.
 */
@ExtendWith({SharedKafka.class, SharedDynamoDbLocal.class})
class RealModerationIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RedisServerProcess redis;
  private static RealOrigin origin;
  private static RedisSnapshotStore snapshots;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CommentJson json = new CommentJson();
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start(KafkaBroker kafka, DynamoDbLocal dynamo) throws Exception {
    redis = RedisServerProcess.start();
    RealBackendSettings settings = RealOrigin.settings("moderation", kafka, redis, dynamo);
    origin = new RealOrigin(settings);
    snapshots =
        new RedisSnapshotStore(settings.redis(), SnapshotStore.RETENTION, new CommentJson());
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(snapshots, origin, redis);
  }

  @Test
  void aBlocklistedCommentIsHiddenEverywhereAndAModeratorCanBringItBack() throws Exception {
    String video = "mod-" + UUID.randomUUID();
    CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
    try (SseRecorder stream =
        SseRecorder.open(
            HTTP, origin.base().resolve("/v1/videos/" + video + "/stream"), Map.of())) {
      Comment fine = api.post(video, "ann", "hello there");
      Comment blocked = api.post(video, "ben", "cheap spamword here");

      SseEvent hide = nextHide(stream);
      assertThat(json.readHide(hide.data()).ids()).containsExactly(blocked.id());
      assertThat(Cursor.decode(hide.id())).isGreaterThan(blocked.seq());

      try (SseRecorder late =
          SseRecorder.open(
              HTTP, origin.base().resolve("/v1/videos/" + video + "/stream"), Map.of())) {
        SseEvent context = late.nextEvent(WAIT);
        assertThat(json.readBatch(context.data()).comments())
            .extracting(Comment::id)
            .containsExactly(fine.id());
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(History.storedIds(HTTP, origin.base(), video))
                      .as("DynamoDB history")
                      .containsExactly(fine.id()));

      JsonNode queue = get("/v1/moderation/queue?limit=100");
      JsonNode item = null;
      for (JsonNode candidate : queue.get("items")) {
        if (candidate.get("comment").get("id").textValue().equals(blocked.id())) {
          item = candidate;
        }
      }
      assertThat(item).as("queued: %s", queue).isNotNull();
      assertThat(item.get("state").textValue()).isEqualTo("hidden");
      assertThat(item.get("labels").get(0).textValue()).isEqualTo("blocklist");

      HttpResponse<String> again = post(blocked, "hide");
      assertThat(mapper.readTree(again.body()).get("seq").asText()).isEqualTo(hide.id());
      // The unhide goes in a later second than the comment: one published in the unhide's own
      // second is simply among its comments, with nothing to restore.
      VideoId videoId = new VideoId(video);
      long hideSeq = Cursor.decode(hide.id());
      await()
          .atMost(WAIT)
          .until(() -> recentSeconds(videoId).stream().anyMatch(s -> s.lastSeq() >= hideSeq));
      HttpResponse<String> unhide = post(blocked, "unhide");
      assertThat(unhide.statusCode()).as(unhide.body()).isEqualTo(200);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(History.storedIds(HTTP, origin.base(), video))
                      .containsExactly(fine.id(), blocked.id()));
      long unhideSeq = mapper.readTree(unhide.body()).get("seq").asLong();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(recentSeconds(videoId))
                      .as("a snapshot second through the unhide restores the comment in full")
                      .anySatisfy(
                          second -> {
                            assertThat(second.lastSeq()).isGreaterThanOrEqualTo(unhideSeq);
                            assertThat(second.restored()).containsExactly(blocked);
                          }));
    }
  }

  @Test
  void aResumeFromBeforeTheRingIsServedFromDynamoDbWithTheHideAndWithoutTheHiddenComment()
      throws Exception {
    String video = "mod-resume-" + UUID.randomUUID();
    CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
    Comment fine = api.post(video, "ann", "hello there");
    Comment blocked = api.post(video, "ben", "cheap spamword here");
    // Hidden in DynamoDB: the persister has stored the decision (it stores a run's entries first).
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(History.storedIds(HTTP, origin.base(), video))
                    .containsExactly(fine.id()));
    List<String> later = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      later.add(api.post(video, "later-" + i, "comment " + i).id());
    }

    // No stream of this video was open: its channel is seeded from the Redis window (the newest
    // 100 entries), so the cursor is before the ring and the catch-up reads DynamoDB.
    try (SseRecorder resumed =
        SseRecorder.open(
            HTTP,
            origin.base().resolve("/v1/videos/" + video + "/stream"),
            Map.of("Last-Event-ID", Cursor.encode(fine.seq())))) {
      SseEvent hide = resumed.nextEvent(WAIT);
      assertThat(hide.type()).as("event %s", hide).isEqualTo("hide");
      assertThat(json.readHide(hide.data()).ids()).containsExactly(blocked.id());
      List<String> received = new ArrayList<>();
      while (received.size() < later.size()) {
        SseEvent event = resumed.nextEvent(WAIT);
        assertThat(event.type()).as("event %s", event).isEqualTo("comments");
        json.readBatch(event.data()).comments().forEach(c -> received.add(c.id()));
      }
      assertThat(received).containsExactlyElementsOf(later);
    }
  }

  /**
   * The video's last 15 closed seconds in Redis, oldest first (none before the first is stored).
   */
  private static List<Snapshot> recentSeconds(VideoId video) {
    List<Snapshot> seconds = new ArrayList<>();
    OptionalLong stored = snapshots.latestSecond(video);
    if (stored.isEmpty()) {
      return seconds;
    }
    long latest = stored.getAsLong();
    for (long s = latest - 14; s <= latest; s++) {
      snapshots.get(video, s).ifPresent(seconds::add);
    }
    return seconds;
  }

  private SseEvent nextHide(SseRecorder stream) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      SseEvent event = stream.nextEvent(WAIT);
      if (event.type().equals("hide")) {
        return event;
      }
    }
    throw new AssertionError("no hide within " + WAIT);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(origin.base().resolve(path))
                .header("Authorization", "Bearer " + origin.moderatorToken("mia"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private HttpResponse<String> post(Comment comment, String action) throws Exception {
    URI uri =
        origin
            .base()
            .resolve(
                "/v1/videos/"
                    + comment.videoId().value()
                    + "/comments/"
                    + comment.id()
                    + "/"
                    + action);
    return HTTP.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + origin.moderatorToken("mia"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"spam\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
