package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.origin.kafka.KafkaSettings;
import io.livecomments.origin.redis.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on real Kafka, Redis and DynamoDB Local: two origins of one deployment with no
 * balancer in front. What is posted to one reaches the streams of both, and history comes from
 * DynamoDB. Extended per Kafka listener: plaintext ({@link TwoOriginsIT}) and SCRAM over TLS
 * ({@link ScramTwoOriginsIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedDynamoDbLocal.class)
abstract class TwoOriginsSuite {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RedisServerProcess redis;
  private RealOrigin first;
  private RealOrigin second;

  /** The cluster both origins use, with its security; the topic is named per class. */
  protected abstract KafkaSettings kafka();

  @BeforeAll
  void start(DynamoDbLocal dynamo) throws Exception {
    redis = RedisServerProcess.start();
    var settings = RealOrigin.settings("two-origins", kafka(), redis, dynamo);
    first = new RealOrigin(settings);
    second = new RealOrigin(settings);
  }

  @AfterAll
  void stop() throws Exception {
    RealServers.stopAll(second, first, redis);
  }

  @Test
  void aCommentPostedToOneOriginReachesStreamsOfBothInOrderOnce() throws Exception {
    String video = "e2e-" + UUID.randomUUID();
    try (StreamTally onSecond = StreamTally.open(HTTP, second.base(), video);
        StreamTally onFirst = StreamTally.open(HTTP, first.base(), video)) {
      CommentApiClient api = new CommentApiClient(HTTP, first.base(), first::token);
      List<String> posted = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        posted.add(api.post(video, "alice", "comment " + i).id());
      }

      assertThat(onSecond.awaitCount(posted.size(), WAIT)).containsExactlyElementsOf(posted);
      assertThat(onFirst.awaitCount(posted.size(), WAIT)).containsExactlyElementsOf(posted);
      assertThat(onSecond.idsSoFar()).as("nothing twice").hasSize(posted.size());
    }
  }

  @Test
  void historyPagesComeFromDynamoDbOnEitherOrigin() throws Exception {
    String video = "history-" + UUID.randomUUID();
    CommentApiClient api = new CommentApiClient(HTTP, second.base(), second::token);
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Comment comment = api.post(video, "bob", "old " + i);
      posted.add(comment.id());
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(History.storedIds(HTTP, first.base(), video))
                    .containsExactlyElementsOf(posted));
  }

  @Test
  void readyzIsOkAndMetricsShowConsumerLag() throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(get(first, "/readyz").statusCode()).isEqualTo(200));
    HttpResponse<String> metrics = get(first, "/metrics");
    assertThat(metrics.body())
        .contains("lc_kafka_consumer_lag{group=\"persister\"}")
        .contains("lc_kafka_consumer_lag{group=\"fanout\"}")
        .contains("lc_backend_up{backend=\"dynamodb\"} 1")
        .contains("lc_redis_ratelimit_fallback");
  }

  private static HttpResponse<String> get(RealOrigin origin, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(origin.base().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
