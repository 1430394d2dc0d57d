package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.FanoutBusContract;
import io.livecomments.json.CommentJson;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisFanoutBusIT extends FanoutBusContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @AutoClose
  private static final ExecutorScheduler scheduler = new ExecutorScheduler("fanout-it", 1);

  @Override
  protected FanoutBus createBus() {
    return newBus();
  }

  static RedisFanoutBus newBus() {
    return newBus(redis.settings());
  }

  private static RedisFanoutBus newBus(RedisSettings settings) {
    return new RedisFanoutBus(
        settings,
        new CommentJson(),
        scheduler,
        new RedisMetrics(new PrometheusRegistry()),
        RedisFanoutBus.Tuning.DEFAULT);
  }

  @Test
  void twoBusesOnOneRedisAreTwoOriginsSharingTheChannel() throws Exception {
    RedisSettingsHolder shared = new RedisSettingsHolder();
    try (RedisFanoutBus publisherSide = shared.bus();
        RedisFanoutBus subscriberSide = shared.bus()) {
      VideoId video = newVideo();
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      subscriberSide.subscribe(video, received::add);
      CommentBatch batch = batch(video, 2);

      publisherSide.publish(batch);

      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
    }
  }

  @Test
  void oneListenerIsNeverCalledConcurrentlyAndGetsEveryBatchInOrder() throws Exception {
    VideoId video = newVideo();
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    Recorder recorder = subscribe(video);
    bus.subscribe(
        video,
        batch -> {
          if (!inside.compareAndSet(false, true)) {
            overlapped.set(true);
          }
          inside.set(false);
        });
    List<CommentBatch> published = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      CommentBatch batch = batch(video, 1);
      published.add(batch);
      bus.publish(batch);
    }

    assertThat(recorder.take(300)).containsExactlyElementsOf(published);
    assertThat(overlapped).isFalse();
  }

  @Test
  void healthyBusSignalsNoGap() throws Exception {
    VideoId video = newVideo();
    AtomicInteger gaps = new AtomicInteger();
    BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
    bus.subscribe(video, received::add, gaps::incrementAndGet);
    CommentBatch batch = batch(video, 1);

    bus.publish(batch);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
    assertThat(gaps).hasValue(0);
  }

  @Test
  void usesShardedPubSubOnRedis7() throws Exception {
    RedisSettings settings = redis.settings();
    assumeTrue(FanoutSubscribers.shardedOn(settings), "this Redis predates sharded pub/sub");
    try (RedisFanoutBus sharded = newBus(settings)) {
      VideoId video = newVideo();
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      BusSubscription subscription = sharded.subscribe(video, received::add);

      assertThat(FanoutSubscribers.of(settings, video)).isEqualTo(new FanoutSubscribers(0, 1));
      CommentBatch batch = batch(video, 1);
      sharded.publish(batch);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);

      subscription.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> FanoutSubscribers.of(settings, video).equals(FanoutSubscribers.NONE));
    }
  }

  @Test
  void keepAlivesAnswerThePingsSoAQuietSubscriberStaysConnected() throws Exception {
    // Three unanswered pings close the connection, which reconnects and reports a gap; with 20 ms
    // pings that would happen many times over while this waits.
    try (RedisFanoutBus pinged =
        new RedisFanoutBus(
            redis.settings(),
            new CommentJson(),
            scheduler,
            new RedisMetrics(new PrometheusRegistry()),
            new RedisFanoutBus.Tuning(1, 100, Duration.ofMillis(20)))) {
      VideoId video = newVideo();
      AtomicInteger gaps = new AtomicInteger();
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      pinged.subscribe(video, received::add, gaps::incrementAndGet);

      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> gaps.get() == 0);
      CommentBatch batch = batch(video, 1);
      pinged.publish(batch);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
      assertThat(gaps).hasValue(0);
    }
  }

  @Test
  void closedBusDropsPublishesAndRefusesSubscriptions() {
    RedisFanoutBus closed = newBus();
    closed.close();

    closed.publish(batch(newVideo(), 1));
    assertThatThrownBy(() -> closed.subscribe(newVideo(), b -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Buses of two "origins": same Redis, same key prefix. */
  private static final class RedisSettingsHolder {
    private final RedisSettings settings = redis.settings();

    RedisFanoutBus bus() {
      return new RedisFanoutBus(
          settings,
          new CommentJson(),
          scheduler,
          new RedisMetrics(new PrometheusRegistry()),
          RedisFanoutBus.Tuning.DEFAULT);
    }
  }
}
