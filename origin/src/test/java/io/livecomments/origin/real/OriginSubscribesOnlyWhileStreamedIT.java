package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.VideoId;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.origin.backends.SharedKafka;
import io.livecomments.origin.redis.FanoutSubscribers;
import io.livecomments.origin.redis.RedisServerProcess;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An origin on real backends holds a video's Redis channel only while it has open streams for it:
 * counted by Redis itself ({@code PUBSUB SHARDNUMSUB}/{@code NUMSUB}), not by the origin.
 */
@ExtendWith({SharedKafka.class, SharedDynamoDbLocal.class})
class OriginSubscribesOnlyWhileStreamedIT {
  private static final Duration GRACE = Duration.ofMillis(200);

  /** Heartbeats (300 ms) show the server a closed stream, then the grace, then the unsubscribe. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static RedisServerProcess redis;
  private static RealBackendSettings settings;
  private static RealOrigin origin;
  private static FanoutSubscribers subscribed;

  @BeforeAll
  static void start(KafkaBroker kafka, DynamoDbLocal dynamo) throws Exception {
    redis = RedisServerProcess.start();
    settings = RealOrigin.settings("unsubscribe", kafka, redis, dynamo);
    origin = new RealOrigin(settings, GRACE);
    subscribed =
        FanoutSubscribers.shardedOn(settings.redis())
            ? new FanoutSubscribers(0, 1)
            : new FanoutSubscribers(1, 0);
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(origin, redis);
  }

  @Test
  void channelIsSubscribedWhileAnyStreamIsOpenAndUnsubscribedAfterTheLastOneClosed()
      throws Exception {
    String video = "unsub-" + UUID.randomUUID();
    VideoId videoId = new VideoId(video);
    assertThat(subscribers(videoId)).isEqualTo(FanoutSubscribers.NONE);

    StreamTally first = StreamTally.open(HTTP, origin.base(), video);
    StreamTally second = StreamTally.open(HTTP, origin.base(), video);
    try {
      await().atMost(WAIT).until(() -> subscribers(videoId).equals(subscribed));

      first.close();
      // Longer than heartbeat and grace together: one stream is still open, so the channel stays.
      await()
          .during(Duration.ofSeconds(1))
          .atMost(WAIT)
          .until(() -> subscribers(videoId).equals(subscribed));

      second.close();
      await().atMost(WAIT).until(() -> subscribers(videoId).equals(FanoutSubscribers.NONE));
    } finally {
      // Closing twice is harmless; this only matters when an await failed half-way.
      first.close();
      second.close();
    }
  }

  private static FanoutSubscribers subscribers(VideoId video) {
    return FanoutSubscribers.of(settings.redis(), video);
  }
}
