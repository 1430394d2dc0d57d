package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.FanoutBusContract;
import io.livecomments.json.CommentJson;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bus in plain pub/sub, as it runs on a Redis older than 7.0, on this machine's Redis. */
class PlainPubSubRedisFanoutBusIT extends FanoutBusContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @AutoClose
  private static final ExecutorScheduler scheduler = new ExecutorScheduler("plain-fanout-it", 1);

  private RedisSettings settings;

  @Override
  protected FanoutBus createBus() {
    settings = redis.settings();
    return new RedisFanoutBus(
        settings,
        new CommentJson(),
        scheduler,
        new RedisMetrics(new PrometheusRegistry()),
        RedisFanoutBus.Tuning.DEFAULT,
        PubSubMode.PLAIN);
  }

  @Test
  void plainModeSubscribesWithSubscribeNotSsubscribe() throws Exception {
    VideoId video = newVideo();
    BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
    BusSubscription subscription = bus.subscribe(video, received::add);

    assertThat(FanoutSubscribers.of(settings, video)).isEqualTo(new FanoutSubscribers(1, 0));
    CommentBatch batch = batch(video, 1);
    bus.publish(batch);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);

    subscription.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> FanoutSubscribers.of(settings, video).equals(FanoutSubscribers.NONE));
  }
}
