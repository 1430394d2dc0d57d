package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.conformance.CommentApiClient;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.origin.backends.SharedKafka;
import io.livecomments.origin.redis.RedisClusterProcess;
import io.livecomments.origin.redis.RedisServerProcess;
import io.livecomments.origin.redis.RedisSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A steady comment rate for a minute (system property {@code soak.seconds}, default 60) over two
 * origins on real backends, with hundreds of stream subscribers spread over both: every
 * acknowledged comment reaches every stream of its video once and in order, and DynamoDB holds each
 * once. Each video's comments are posted one after another (alternating origins), so the
 * acknowledgement order is the log order the streams must show. Bounded: {@code RATE * seconds}
 * comments, and every wait has a deadline. {@code -Dsoak.redis=cluster} runs it on a Redis Cluster
 * (three masters, one replica each) instead of one server.
 */
@ExtendWith({SharedKafka.class, SharedDynamoDbLocal.class})
class RealBackendsSoakIT {
  private static final int VIDEOS = 4;
  private static final int PER_VIDEO_PER_SECOND = 5; // 20 comments/s in all
  private static final int STREAMS_PER_VIDEO_PER_ORIGIN = 25; // 200 streams in all
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void everyAcknowledgedCommentReachesEveryStreamAndTheStoreOnce(
      KafkaBroker kafka, DynamoDbLocal dynamo) throws Exception {
    int seconds = Integer.getInteger("soak.seconds", 60);
    int perVideo = seconds * PER_VIDEO_PER_SECOND;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> videos = new ArrayList<>();
    for (int v = 0; v < VIDEOS; v++) {
      videos.add("soak-" + v + "-" + UUID.randomUUID());
    }
    Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ScheduledExecutorService posters = Executors.newScheduledThreadPool(VIDEOS);
    List<StreamTally> streams = new ArrayList<>();
    boolean onCluster = "cluster".equals(System.getProperty("soak.redis", "single"));
    try (AutoCloseable redis =
        onCluster ? RedisClusterProcess.start() : RedisServerProcess.start()) {
      RedisSettings redisSettings =
          redis instanceof RedisClusterProcess cluster
              ? cluster.settings()
              : ((RedisServerProcess) redis).settings();
      RealBackendSettings settings = RealOrigin.settings("soak", kafka, redisSettings, dynamo);
      try (RealOrigin first = new RealOrigin(settings);
          RealOrigin second = new RealOrigin(settings)) {
        List<RealOrigin> origins = List.of(first, second);
        for (String video : videos) {
          for (RealOrigin origin : origins) {
            for (int s = 0; s < STREAMS_PER_VIDEO_PER_ORIGIN; s++) {
              streams.add(StreamTally.open(http, origin.base(), video));
            }
          }
        }

        List<ScheduledFuture<?>> running = new ArrayList<>();
        for (String video : videos) {
          List<String> mine = new CopyOnWriteArrayList<>();
          acknowledged.put(video, mine);
          AtomicInteger next = new AtomicInteger();
          List<CommentApiClient> apis =
              List.of(
                  new CommentApiClient(http, first.base(), first::token),
                  new CommentApiClient(http, second.base(), second::token));
          running.add(
              posters.scheduleAtFixedRate(
                  () -> {
                    int i = next.getAndIncrement();
                    if (i >= perVideo) {
                      throw new IllegalStateException("done"); // ends this fixed-rate task
                    }
                    try {
                      mine.add(apis.get(i % 2).post(video, "soaker", "comment " + i).id());
                    } catch (Exception | AssertionError e) {
                      failures.add(video + " #" + i + ": " + e);
                    }
                  },
                  0,
                  1000 / PER_VIDEO_PER_SECOND,
                  TimeUnit.MILLISECONDS));
        }
        await()
            .atMost(Duration.ofSeconds(seconds).plus(WAIT))
            .until(() -> running.stream().allMatch(ScheduledFuture::isDone));

        assertThat(failures).as("posts that were not acknowledged").isEmpty();
        int stream = 0;
        for (String video : videos) {
          List<String> expected = acknowledged.get(video);
          assertThat(expected).hasSize(perVideo);
          for (int s = 0; s < 2 * STREAMS_PER_VIDEO_PER_ORIGIN; s++, stream++) {
            StreamTally tally = streams.get(stream);
            assertThat(tally.awaitCount(expected.size(), WAIT))
                .as("stream %d of %s", s, video)
                .containsExactlyElementsOf(expected);
          }
        }
        for (StreamTally tally : streams) {
          assertThat(tally.idsSoFar()).as("nothing twice").hasSize(perVideo);
        }
        for (String video : videos) {
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () ->
                      assertThat(History.storedIds(http, first.base(), video))
                          .containsExactlyElementsOf(acknowledged.get(video)));
        }
      }
    } finally {
      posters.shutdownNow();
      for (StreamTally tally : streams) {
        tally.close();
      }
    }
  }
}
