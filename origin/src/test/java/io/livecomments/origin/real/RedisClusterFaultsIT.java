package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.VideoId;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.origin.backends.SharedKafka;
import io.livecomments.origin.redis.RedisClusterProcess;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;

/**
 * Slots moving under a watched video on a real Redis Cluster (three masters, one replica each; one
 * cluster and one pair of origins on real Kafka and DynamoDB Local for the class, so the second
 * fault hits origins that lived through the first): the master owning the video's slot is killed,
 * or the slot is migrated to another master, while comments flow. Streams open on both origins get
 * every acknowledged comment once and in order, as in {@link RealBackendsSoakIT} (shortened:
 * {@value #COMMENTS} comments at {@value #PER_SECOND}/s, the fault after {@value #BEFORE_FAULT}).
 * The failover test logs the time from the kill to the first comment posted after it reaching a
 * stream.
 */
@ExtendWith({SharedKafka.class, SharedDynamoDbLocal.class})
class RedisClusterFaultsIT {
  private static final Logger LOG = LoggerFactory.getLogger(RedisClusterFaultsIT.class);
  private static final int COMMENTS = 60;
  private static final int PER_SECOND = 10;
  private static final int BEFORE_FAULT = 20;
  private static final int STREAMS_PER_ORIGIN = 5;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static RedisClusterProcess cluster;
  private static RealBackendSettings settings;
  private static RealOrigin first;
  private static RealOrigin second;

  @BeforeAll
  static void start(KafkaBroker kafka, DynamoDbLocal dynamo) throws Exception {
    cluster = RedisClusterProcess.start();
    settings = RealOrigin.settings("cluster-faults", kafka, cluster.settings(), dynamo);
    first = new RealOrigin(settings);
    second = new RealOrigin(settings);
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(second, first, cluster);
  }

  @Test
  void streamsOnTwoOriginsLoseNothingWhenTheVideosMasterCrashesAndFailsOver() throws Exception {
    soakThrough(
        "failover",
        channel -> {
          HostAndPort master = cluster.masterOf(channel);
          cluster.crash(master);
          LOG.info("killed master {} owning {}", master, channel);
          HostAndPort promoted = cluster.awaitNewMasterOf(channel, master, WAIT);
          LOG.info("replica {} took over {}", promoted, channel);
        });
  }

  @Test
  void streamsOnTwoOriginsLoseNothingWhenTheVideosSlotMigrates() throws Exception {
    soakThrough(
        "reshard",
        channel -> {
          HostAndPort source = cluster.masterOf(channel);
          HostAndPort target =
              cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
          cluster.migrateSlotOf(channel, target);
          LOG.info("migrated the slot of {} from {} to {}", channel, source, target);
        });
  }

  /** Posts the comments over both origins, with {@code fault} after the first ones. */
  private static void soakThrough(String name, Fault fault) throws Exception {
    String video = name + "-" + UUID.randomUUID();
    String channel = settings.redis().keys().fanout(new VideoId(video));
    List<StreamTally> streams = new ArrayList<>();
    ExecutorService poster = Executors.newSingleThreadExecutor();
    try {
      for (RealOrigin origin : List.of(first, second)) {
        for (int s = 0; s < STREAMS_PER_ORIGIN; s++) {
          streams.add(StreamTally.open(HTTP, origin.base(), video));
        }
      }
      List<CommentApiClient> apis =
          List.of(
              new CommentApiClient(HTTP, first.base(), first::token),
              new CommentApiClient(HTTP, second.base(), second::token));
      List<String> acknowledged = new CopyOnWriteArrayList<>();
      Future<?> posting =
          poster.submit(
              () -> {
                for (int i = 0; i < COMMENTS; i++) {
                  long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
                  acknowledged.add(apis.get(i % 2).post(video, "soaker", "comment " + i).id());
                  TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
                return null;
              });
      StreamTally watched = streams.get(STREAMS_PER_ORIGIN); // one on the second origin
      watched.awaitCount(BEFORE_FAULT, WAIT);

      long faultAt = System.nanoTime();
      int beforeFault = acknowledged.size();
      fault.apply(channel);
      watched.awaitCount(beforeFault + 1, WAIT);
      // Printed, not logged: the measurement the issue asks for, in the test's output.
      System.out.printf(
          "%s: first comment posted after the fault reached a stream %d ms after it%n",
          name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt));

      posting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(acknowledged).hasSize(COMMENTS);
      for (int s = 0; s < streams.size(); s++) {
        assertThat(streams.get(s).awaitCount(COMMENTS, WAIT))
            .as("stream %d", s)
            .containsExactlyElementsOf(acknowledged);
      }
      for (StreamTally tally : streams) {
        assertThat(tally.idsSoFar()).as("nothing twice").hasSize(COMMENTS);
      }
      System.out.printf(
          "%s: %d streams on two origins got all %d comments once, in order%n",
          name, streams.size(), COMMENTS);
    } finally {
      poster.shutdownNow();
      for (StreamTally tally : streams) {
        tally.close();
      }
    }
  }

  @FunctionalInterface
  private interface Fault {
    void apply(String channel) throws Exception;
  }
}
