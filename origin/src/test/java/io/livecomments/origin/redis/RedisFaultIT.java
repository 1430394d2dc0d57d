package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.idempotency.IdempotentPost;
import io.livecomments.json.CommentJson;
import io.livecomments.ratelimit.RateDecision;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import io.livecomments.time.ManualClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis going away and coming back, under each seam that must live through it. */
class RedisFaultIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @AutoClose
  private static final ExecutorScheduler scheduler = new ExecutorScheduler("fault-it", 2);

  private final AtomicLong nextSeq = new AtomicLong(1);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final RedisMetrics metrics = new RedisMetrics(registry);

  @BeforeEach
  void redisIsUp() throws IOException {
    if (!redis.isRunning()) {
      redis.restart();
    }
  }

  @Test
  void subscriptionResumesAfterRedisRestartAndIsToldOfTheGap() throws Exception {
    RedisSettings settings = redis.settings();
    try (RedisFanoutBus bus = bus(settings)) {
      VideoId video = new VideoId("v-" + UUID.randomUUID());
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      AtomicInteger gaps = new AtomicInteger();
      bus.subscribe(video, received::add, gaps::incrementAndGet);
      CommentBatch before = batch(video);
      bus.publish(before);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(before);

      redis.restart();

      await().atMost(Duration.ofSeconds(10)).until(() -> gaps.get() > 0);
      assertThat(scrape()).contains("lc_redis_fanout_reconnects_total 1.0");
      // The publisher's pooled connections died with the server: the first publish must still go.
      CommentBatch after = batch(video);
      bus.publish(after);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(after);
      assertThat(received).isEmpty();
    }
  }

  @Test
  void busStartedWhileRedisIsDownConnectsLaterAndReportsTheGap() throws Exception {
    RedisSettings settings = redis.settings();
    redis.stop();
    try (RedisFanoutBus bus = bus(settings)) {
      VideoId video = new VideoId("v-" + UUID.randomUUID());
      BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();
      AtomicInteger gaps = new AtomicInteger();
      bus.subscribe(video, received::add, gaps::incrementAndGet);
      bus.publish(batch(video)); // lost: at most once, counted

      redis.restart();

      await().atMost(Duration.ofSeconds(10)).until(() -> gaps.get() > 0);
      CommentBatch after = batch(video);
      bus.publish(after);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(after);
      assertThat(scrape()).contains("lc_redis_fanout_publish_failures_total 1.0");
    }
  }

  @Test
  void rateLimiterDecidesLocallyAndQuicklyWhileRedisIsDown() throws Exception {
    ManualClock clock = new ManualClock();
    RateLimit limit = new RateLimit(3, Duration.ofHours(1));
    try (RedisRateLimiter limiter =
        new RedisRateLimiter(redis.settings(), limit, clock, Duration.ofSeconds(5), metrics)) {
      String user = "user-" + UUID.randomUUID();
      assertThat(limiter.tryAcquire(user)).isEqualTo(RateDecision.ALLOWED);

      redis.stop();

      List<RateDecision> decisions =
          assertTimeout(
              Duration.ofSeconds(3),
              () ->
                  List.of(
                      limiter.tryAcquire(user),
                      limiter.tryAcquire(user),
                      limiter.tryAcquire(user),
                      limiter.tryAcquire(user)));
      // The local bucket starts full: posting stays available, still limited per origin.
      assertThat(decisions)
          .extracting(RateDecision::allowed)
          .containsExactly(true, true, true, false);
      assertThat(scrape())
          .contains("lc_redis_ratelimit_fallback 1.0")
          .contains("lc_redis_ratelimit_local_decisions_total 4.0");

      redis.restart();
      clock.advance(Duration.ofSeconds(5));

      assertThat(limiter.tryAcquire("user-" + UUID.randomUUID())).isEqualTo(RateDecision.ALLOWED);
      assertThat(scrape()).contains("lc_redis_ratelimit_fallback 0.0");
    }
  }

  @Test
  void idempotencyKeysStayUsableWhileRedisIsDown() throws IOException {
    try (RedisIdempotencyKeys keys =
        new RedisIdempotencyKeys(
            redis.settings(),
            Duration.ofHours(24),
            Duration.ofSeconds(10),
            Duration.ofMillis(10),
            new CommentJson(),
            scheduler,
            Clock.systemUTC(),
            metrics)) {
      redis.stop();
      String user = "user-" + UUID.randomUUID();
      Comment comment = comment(new VideoId("v1"));
      IdempotentPost post = new IdempotentPost(user, "k1", comment.videoId(), comment.text());

      CompletableFuture<Comment> first =
          keys.firstOrAppend(post, () -> CompletableFuture.completedFuture(comment));
      CompletableFuture<Comment> retry =
          keys.firstOrAppend(
              post,
              () -> {
                throw new AssertionError("appended twice");
              });

      assertThat(first).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(comment);
      assertThat(retry).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(comment);
      assertThat(scrape()).contains("lc_redis_idempotency_local_keys_total 2.0");
    }
  }

  @Test
  void recentWindowFailsFastWhileRedisIsDownAndWorksAfterwards() throws Exception {
    try (RedisRecentWindow window =
        new RedisRecentWindow(redis.settings(), Duration.ofMinutes(1), new CommentJson())) {
      VideoId video = new VideoId("v-" + UUID.randomUUID());
      redis.stop();

      assertTimeout(
          Duration.ofSeconds(3),
          () -> assertThatCode(() -> window.recent(video)).isInstanceOf(RuntimeException.class));

      redis.restart();
      CommentBatch batch = batch(video);
      window.append(batch);
      assertThat(window.recent(video)).containsExactlyElementsOf(batch.comments());
    }
  }

  private RedisFanoutBus bus(RedisSettings settings) {
    return new RedisFanoutBus(
        settings,
        new CommentJson(),
        scheduler,
        metrics,
        new RedisFanoutBus.Tuning(1, 100, Duration.ofMillis(200)));
  }

  private CommentBatch batch(VideoId video) {
    return CommentBatch.of(video, List.of(comment(video)));
  }

  private Comment comment(VideoId video) {
    long seq = nextSeq.getAndIncrement();
    return new Comment(
        UUID.randomUUID().toString(), video, seq, new Author("u1", "User One"), "c" + seq, seq);
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
