package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Cursor;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.RealServers;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.redis.RedisServerProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backends failing under a running origin: every test has its own topic, table and key prefix, on
 * servers of this class's own (so stopping one never disturbs other classes). Nothing acknowledged
 * may be lost, nothing stored twice, and no comment is acknowledged that the log does not hold.
 */
class RealBackendFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static KafkaBroker kafka;
  private static RedisServerProcess redis;
  private static DynamoDbLocal dynamo;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start();
    redis = RedisServerProcess.start();
    dynamo = DynamoDbLocal.onDisk();
  }

  @AfterAll
  static void stop() {
    RealServers.stopAll(dynamo, redis, kafka);
  }

  @Test
  void kafkaDownMeans503AndNothingEarlierIsLostAfterItIsBack() throws Exception {
    String video = "kafka-" + UUID.randomUUID();
    try (RealOrigin origin = new RealOrigin(settings("kafka"))) {
      CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acknowledged.add(api.post(video, "carol", "before " + i).id());
      }

      kafka.stop();
      try {
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> refused =
              api.send(video, "carol", CommentApiClient.jsonBody("while down " + i));
          assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
          assertThat(refused.headers().firstValue("Retry-After")).isPresent();
          assertThat(refused.headers().firstValue("Content-Type"))
              .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        await()
            .atMost(WAIT)
            .untilAsserted(() -> assertThat(get(origin, "/readyz").body()).contains("kafka"));
      } finally {
        kafka.startAgain();
      }

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          api.send(video, "carol", CommentApiClient.jsonBody("after")).statusCode())
                      .isEqualTo(201));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<String> stored = History.storedIds(HTTP, origin.base(), video);
                assertThat(new HashSet<>(stored)).as("no comment twice").hasSize(stored.size());
                assertThat(stored).containsAll(acknowledged);
              });
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(get(origin, "/readyz").statusCode()).isEqualTo(200));
    }
  }

  @Test
  void redisRestartedMidStreamLosesNothingOnOpenStreams() throws Exception {
    String video = "redis-" + UUID.randomUUID();
    RealBackendSettings settings = settings("redis");
    try (RealOrigin poster = new RealOrigin(settings);
        RealOrigin streamer = new RealOrigin(settings);
        StreamTally stream = StreamTally.open(HTTP, streamer.base(), video)) {
      CommentApiClient api = new CommentApiClient(HTTP, poster.base(), poster::token);
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        acknowledged.add(api.post(video, "dave", "before " + i).id());
      }
      assertThat(stream.awaitCount(10, WAIT)).containsExactlyElementsOf(acknowledged);

      redis.stop();
      try {
        for (int i = 0; i < 5; i++) {
          acknowledged.add(api.post(video, "dave", "while down " + i).id());
        }
      } finally {
        redis.restart();
      }
      for (int i = 0; i < 5; i++) {
        acknowledged.add(api.post(video, "dave", "after " + i).id());
      }

      assertThat(stream.awaitCount(acknowledged.size(), WAIT))
          .containsExactlyElementsOf(acknowledged);
      assertThat(stream.idsSoFar()).as("nothing twice").hasSize(acknowledged.size());
    }
  }

  @Test
  void anOriginStoppedWhileRedisIsDownLeavesTheCommentsItHeldToTheNextOne() throws Exception {
    String video = "fanout-" + UUID.randomUUID();
    RealBackendSettings settings = settings("fanout");
    String before;
    List<String> held = new ArrayList<>();
    try (RealOrigin doomed = new RealOrigin(settings);
        StreamTally stream = StreamTally.open(HTTP, doomed.base(), video)) {
      CommentApiClient api = new CommentApiClient(HTTP, doomed.base(), doomed::token);
      before = api.post(video, "frank", "before").id();
      assertThat(stream.awaitCount(1, WAIT)).containsExactly(before);

      redis.stop();
      for (int i = 0; i < 3; i++) {
        held.add(api.post(video, "frank", "held " + i).id());
      }
      // Closed with the three still held by its fan-out stage, which Redis keeps refusing.
    } finally {
      redis.restart();
    }

    try (RealOrigin next = new RealOrigin(settings);
        StreamTally stream = StreamTally.open(HTTP, next.base(), video)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<String> seen = stream.idsSoFar();
                assertThat(seen).containsSubsequence(held).doesNotHaveDuplicates();
                // "before" may come again: the old origin may have stopped before committing it.
                assertThat(held)
                    .containsAll(seen.stream().filter(id -> !id.equals(before)).toList());
              });
    }
  }

  @Test
  void persisterKilledMidBatchLeavesEveryAcknowledgedCommentStoredOnce() throws Exception {
    String video = "persister-" + UUID.randomUUID();
    RealBackendSettings settings = settings("persister");
    List<String> acknowledged = new ArrayList<>();
    RealOrigin doomed = new RealOrigin(settings);
    ExecutorService posters = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    CommentJson json = new CommentJson();
    boolean closed = false;
    try {
      CommentApiClient api = new CommentApiClient(HTTP, doomed.base(), doomed::token);
      List<Future<List<String>>> running = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        String user = "poster" + p;
        running.add(
            posters.submit(
                () -> {
                  List<String> mine = new ArrayList<>();
                  for (int i = 0; i < 200 && !stop.get(); i++) {
                    try {
                      HttpResponse<String> answer =
                          api.send(video, user, CommentApiClient.jsonBody(user + " " + i));
                      if (answer.statusCode() == 201) {
                        mine.add(json.readComment(answer.body()).id());
                      }
                    } catch (IOException e) {
                      return mine; // the origin is gone
                    }
                  }
                  return mine;
                }));
      }
      await().atMost(WAIT).until(() -> History.storedIds(HTTP, doomed.base(), video).size() >= 40);
      // While the posters post: the persister stops wherever it is in its batch.
      doomed.close();
      closed = true;
      stop.set(true);
      for (Future<List<String>> poster : running) {
        acknowledged.addAll(poster.get());
      }
    } finally {
      stop.set(true);
      posters.shutdownNow();
      if (!closed) {
        doomed.close();
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);

    try (RealOrigin restarted = new RealOrigin(settings)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<String> stored = History.storedIds(HTTP, restarted.base(), video);
                assertThat(new HashSet<>(stored)).as("no comment twice").hasSize(stored.size());
                assertThat(stored).containsAll(acknowledged);
              });
    }
  }

  @Test
  void dynamoDbDownMeansHistory503ButPostingWorksAndPersistenceCatchesUp() throws Exception {
    String video = "dynamo-" + UUID.randomUUID();
    try (RealOrigin origin = new RealOrigin(settings("dynamo"))) {
      CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acknowledged.add(api.post(video, "erin", "before " + i).id());
      }
      await().atMost(WAIT).until(() -> History.storedIds(HTTP, origin.base(), video).size() == 5);

      dynamo.stop();
      try {
        for (int i = 0; i < 10; i++) {
          acknowledged.add(api.post(video, "erin", "while down " + i).id());
        }
        HttpResponse<String> page =
            History.get(HTTP, origin.base(), video, "after=" + Cursor.encode(0));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  HttpResponse<String> ready = get(origin, "/readyz");
                  assertThat(ready.statusCode()).isEqualTo(503);
                  assertThat(ready.body()).contains("dynamodb");
                });
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(get(origin, "/metrics").body())
                        .containsPattern("lc_kafka_consumer_lag\\{group=\"persister\"\\} [1-9]"));
      } finally {
        dynamo.startAgain();
      }

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(History.storedIds(HTTP, origin.base(), video))
                      .containsExactlyElementsOf(acknowledged));
    }
  }

  private static RealBackendSettings settings(String name) {
    return RealOrigin.settings(name, kafka, redis, dynamo);
  }

  private static HttpResponse<String> get(RealOrigin origin, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(origin.base().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
