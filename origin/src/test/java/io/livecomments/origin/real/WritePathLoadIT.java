package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.RealServers;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.api.PostCommentHandler;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.redis.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write path under load on real backends, with a broker of this class's own that the tests
 * freeze (SIGSTOP): a POST is answered from the log's acknowledgement without holding a Jetty
 * thread while it waits, never 201 without that acknowledgement, at most {@code maxInflightPosts}
 * at once (503 {@code inflight-posts-full} with {@code Retry-After} beyond), and every acknowledged
 * comment is in the log exactly once.
 */
class WritePathLoadIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Long enough that posts on a frozen broker are still waiting when the test looks at them. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Pattern INFLIGHT = Pattern.compile("(?m)^lc_posts_inflight ([0-9.]+)$");

  private static KafkaBroker kafka;
  private static RedisServerProcess redis;
  private static DynamoDbLocal dynamo;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start();
    redis = RedisServerProcess.start();
    dynamo = DynamoDbLocal.inMemory();
  }

  @AfterAll
  static void stop() {
    RealServers.stopAll(dynamo, redis, kafka);
  }

  @Test
  void postsWaitingOnAFrozenBrokerHoldNoJettyThreadAndEndIn503Not201() throws Exception {
    // More than Jetty's 200 threads: were each waiting POST to hold one, the rest could not even
    // begin, and /metrics could not be served while they wait.
    int posts = 260;
    String video = "frozen-" + UUID.randomUUID();
    try (RealOrigin origin = new RealOrigin(settings("frozen"), config -> config)) {
      CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
      api.post(video, "ann", "before the freeze");
      List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
      kafka.pause();
      try {
        for (int i = 0; i < posts; i++) {
          waiting.add(postAsync(origin, video, "user" + (i % 10), "frozen " + i));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(inflight(origin)).isEqualTo(posts));
        assertThat(get(origin, "/healthz").statusCode()).isEqualTo(200);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> post : waiting) {
          HttpResponse<String> answer = post.get();
          statuses.merge(answer.statusCode(), 1, Integer::sum);
          assertThat(answer.body()).contains("log-unavailable");
          assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(statuses)
            .as("no 201 without the broker's acknowledgement")
            .containsOnlyKeys(503);
      } finally {
        kafka.resume();
      }
      assertThat(inflight(origin)).isZero();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          api.send(video, "ann", CommentApiClient.jsonBody("after")).statusCode())
                      .isEqualTo(201));
    }
  }

  @Test
  void postsPastTheBoundAre503WithRetryAfterAndTheBoundFreesAgain() throws Exception {
    String video = "bound-" + UUID.randomUUID();
    try (RealOrigin origin =
        new RealOrigin(settings("bound"), config -> config.withMaxInflightPosts(4))) {
      CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
      api.post(video, "bea", "before the freeze");
      List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
      kafka.pause();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(postAsync(origin, video, "bea", "held " + i));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(inflight(origin)).isEqualTo(4));

        HttpResponse<String> refused = api.send(video, "cid", CommentApiClient.jsonBody("fifth"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body())
            .contains("\"reason\":\"" + PostCommentHandler.INFLIGHT_FULL + "\"");
        // Bad input is still answered for what it is, full or not.
        HttpResponse<String> badToken =
            HTTP.send(
                HttpRequest.newBuilder(origin.base().resolve("/v1/videos/" + video + "/comments"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer nonsense")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(get(origin, "/metrics").body())
            .contains("lc_comments_rejected_total{reason=\"inflight-posts-full\"} 1.0")
            .contains("lc_posts_inflight_max 4.0");
        assertThat(held).noneMatch(CompletableFuture::isDone);
      } finally {
        kafka.resume();
      }
      // Resumed within their send timeout, the held posts are acknowledged after all.
      for (CompletableFuture<HttpResponse<String>> post : held) {
        assertThat(post.get().statusCode()).as(post.get().body()).isEqualTo(201);
      }
      assertThat(inflight(origin)).isZero();
      assertThat(api.send(video, "cid", CommentApiClient.jsonBody("sixth")).statusCode())
          .isEqualTo(201);
    }
  }

  @Test
  void everyAcknowledgedCommentIsInTheLogOnceWhenPostersOutnumberTheBound() throws Exception {
    RealBackendSettings settings = settings("flood");
    int posters = 32;
    int postsEach = 40;
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    try (RealOrigin origin =
        new RealOrigin(settings, config -> config.withMaxInflightPosts(posters / 4))) {
      CommentApiClient api = new CommentApiClient(HTTP, origin.base(), origin::token);
      ExecutorService threads = Executors.newFixedThreadPool(posters);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
          int poster = p;
          done.add(
              threads.submit(
                  () -> {
                    for (int i = 0; i < postsEach; i++) {
                      HttpResponse<String> answer =
                          api.send(
                              "flood-" + (i % 8),
                              "poster" + poster,
                              CommentApiClient.jsonBody("p" + poster + " c" + i));
                      if (answer.statusCode() == 201) {
                        acknowledged.add(new CommentJson().readComment(answer.body()).id());
                      } else {
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                        assertThat(answer.body()).contains(PostCommentHandler.INFLIGHT_FULL);
                        refused.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(acknowledged.size() + refused.get()).isEqualTo(posters * postsEach);
      assertThat(acknowledged).isNotEmpty();
    }
    List<String> logged = logIds(settings.kafka().topic(), acknowledged.size());
    assertThat(new HashSet<>(logged)).as("no comment twice in the log").hasSize(logged.size());
    assertThat(logged).containsAll(acknowledged);
  }

  /** Every comment id in {@code topic}, read from its start until it holds at least {@code min}. */
  private static List<String> logIds(String topic, int min) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    CommentJson json = new CommentJson();
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ids.add(json.readDraft(record.value()).id());
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
        if (atEnd && ids.size() >= min) {
          break;
        }
      }
    }
    return ids;
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(
      RealOrigin origin, String video, String user, String text) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(origin.base().resolve("/v1/videos/" + video + "/comments"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + origin.token(user))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    CommentApiClient.jsonBody(text), StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static long inflight(RealOrigin origin) throws Exception {
    Matcher gauge = INFLIGHT.matcher(get(origin, "/metrics").body());
    assertThat(gauge.find()).as("lc_posts_inflight on /metrics").isTrue();
    return (long) Double.parseDouble(gauge.group(1));
  }

  private static RealBackendSettings settings(String name) {
    RealBackendSettings shared = RealOrigin.settings(name, kafka, redis, dynamo);
    return new RealBackendSettings(
        shared.kafka().withSendTimeout(SEND_TIMEOUT),
        shared.redis(),
        shared.dynamo(),
        shared.createMissing(),
        shared.topicPartitions(),
        shared.topicReplication(),
        shared.moderationTable());
  }

  private static HttpResponse<String> get(RealOrigin origin, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(origin.base().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
