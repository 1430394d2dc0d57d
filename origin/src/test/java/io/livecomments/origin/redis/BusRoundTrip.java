package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One batch through a fresh {@link RedisFanoutBus}: its command and subscriber connections both.
 */
final class BusRoundTrip {
  private BusRoundTrip() {}

  /** Subscribes to {@code video}, publishes {@code comments} and checks they come back. */
  static void assertDelivered(
      RedisSettings settings, Scheduler scheduler, VideoId video, List<Comment> comments)
      throws InterruptedException {
    try (RedisFanoutBus bus =
        new RedisFanoutBus(
            settings,
            new CommentJson(),
            scheduler,
            new RedisMetrics(new PrometheusRegistry()),
            RedisFanoutBus.Tuning.DEFAULT)) {
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      bus.subscribe(video, received::add);
      CommentBatch batch = CommentBatch.of(video, comments);

      bus.publish(batch);

      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(batch);
    }
  }
}
