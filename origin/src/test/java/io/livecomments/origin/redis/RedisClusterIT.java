package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.FanoutBusContract;
import io.livecomments.harness.RealServers;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.IdempotencyKeysContract;
import io.livecomments.json.CommentJson;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.ratelimit.RateLimiter;
import io.livecomments.ratelimit.RateLimiterContract;
import io.livecomments.recent.RecentWindow;
import io.livecomments.recent.RecentWindowContract;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.snapshot.SnapshotStoreContract;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The contract suite of every Redis seam on a real Redis Cluster (three masters, one replica each),
 * one cluster for the whole class, each test under its own key prefix.
 */
class RedisClusterIT {
  private static RedisClusterProcess cluster;
  private static ExecutorScheduler scheduler;

  @BeforeAll
  static void startCluster() {
    scheduler = new ExecutorScheduler("cluster-it", 2);
    cluster = RedisClusterProcess.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    scheduler.close();
  }

  static RedisFanoutBus newBus(RedisSettings settings) {
    return new RedisFanoutBus(
        settings,
        new CommentJson(),
        scheduler,
        new RedisMetrics(new PrometheusRegistry()),
        RedisFanoutBus.Tuning.DEFAULT);
  }

  @Test
  void readinessPingsTheCluster() {
    try (RedisPing ping = new RedisPing(cluster.settings())) {
      ping.check();
    }
  }

  @Test
  void seamsStartWhileNoSeedNodeAnswersAndFailAsIfRedisWereDown() {
    RedisSettings unreachable =
        RedisSettings.fromUri("redis://127.0.0.1:" + RealServers.freeLoopbackPort(), true);
    try (RedisRecentWindow window =
            new RedisRecentWindow(unreachable, Duration.ofMinutes(1), new CommentJson());
        RedisFanoutBus bus = newBus(unreachable)) {
      VideoId video = new VideoId("v1");
      assertThatThrownBy(() -> window.recent(video)).isInstanceOf(JedisException.class);
      Comment comment = new Comment("c1", video, 1, new Author("u1", "User One"), "hi", 1L);
      bus.publish(CommentBatch.of(video, List.of(comment)));
    }
  }

  @Nested
  class Bus extends FanoutBusContract {
    private RedisSettings settings;

    @Override
    protected FanoutBus createBus() {
      settings = cluster.settings();
      return newBus(settings);
    }

    @Test
    void eachChannelIsSubscribedOnTheMasterOwningItsSlotAndBatchesOnEveryMasterArrive()
        throws Exception {
      Set<HostAndPort> owners = new HashSet<>();
      try (RedisFanoutBus publisherSide = newBus(settings)) {
        for (int i = 0; i < 30 && owners.size() < 3; i++) {
          VideoId video = newVideo();
          String channel = settings.keys().fanout(video);
          HostAndPort owner = cluster.masterOf(channel);
          if (!owners.add(owner)) {
            continue;
          }
          BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
          bus.subscribe(video, received::add);
          try (Jedis node = new Jedis(owner.getHost(), owner.getPort())) {
            assertThat(node.pubsubShardNumSub(channel)).containsEntry(channel, 1L);
          }
          CommentBatch batch = batch(video, 1);
          publisherSide.publish(batch);
          assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
        }
      }
      assertThat(owners).hasSize(3);
    }

    @Test
    void aChannelWhoseSlotMigratesIsSubscribedOnTheNewOwnerAfterAGap() throws Exception {
      VideoId video = newVideo();
      String channel = settings.keys().fanout(video);
      AtomicInteger gaps = new AtomicInteger();
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      bus.subscribe(video, received::add, gaps::incrementAndGet);
      HostAndPort source = cluster.masterOf(channel);
      HostAndPort target =
          cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();

      cluster.migrateSlotOf(channel, target);

      await().atMost(Duration.ofSeconds(10)).until(() -> gaps.get() > 0);
      try (Jedis node = new Jedis(target.getHost(), target.getPort())) {
        assertThat(node.pubsubShardNumSub(channel)).containsEntry(channel, 1L);
      }
      CommentBatch batch = batch(video, 1);
      bus.publish(batch);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
    }
  }

  @Nested
  class Window extends RecentWindowContract {
    @Override
    protected RecentWindow createWindow() {
      return new RedisRecentWindow(cluster.settings(), Duration.ofMinutes(10), new CommentJson());
    }
  }

  @Nested
  class Snapshots extends SnapshotStoreContract {
    @Override
    protected SnapshotStore createStore() {
      return new RedisSnapshotStore(cluster.settings(), SnapshotStore.RETENTION, new CommentJson());
    }

    @Test
    void aSnapshotAndItsLatestSecondLiveInTheVideosSlot() {
      RedisSettings settings = cluster.settings();
      try (RedisSnapshotStore snapshots =
          new RedisSnapshotStore(settings, SnapshotStore.RETENTION, new CommentJson())) {
        VideoId video = newVideo();
        snapshots.put(Snapshot.empty(video, SECOND, 1));

        HostAndPort owner = cluster.masterOf(settings.keys().fanout(video));
        try (Jedis node = new Jedis(owner.getHost(), owner.getPort())) {
          assertThat(node.exists(settings.keys().snapshot(video, SECOND))).isTrue();
          assertThat(node.get(settings.keys().snapshotLatest(video)))
              .isEqualTo(Long.toString(SECOND));
        }
      }
    }
  }

  @Nested
  class Limiter extends RateLimiterContract {
    private final RedisSettings settings = cluster.settings();

    @Override
    protected RateLimiter createLimiter(RateLimit limit) {
      return new RedisRateLimiter(
          settings,
          limit,
          clock,
          Duration.ofSeconds(1),
          new RedisMetrics(new PrometheusRegistry()));
    }

    @Override
    protected Duration resolution() {
      return Duration.ofNanos(1_000);
    }
  }

  @Nested
  class Keys extends IdempotencyKeysContract {
    @Override
    protected IdempotencyKeys createKeys() {
      return RedisIdempotencyKeysIT.newKeys(cluster.settings(), scheduler);
    }
  }
}
