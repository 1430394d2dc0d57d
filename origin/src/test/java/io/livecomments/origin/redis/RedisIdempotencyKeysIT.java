package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.IdempotencyKeysContract;
import io.livecomments.json.CommentJson;
import io.livecomments.time.ExecutorScheduler;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisIdempotencyKeysIT extends IdempotencyKeysContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @AutoClose
  private static final ExecutorScheduler scheduler = new ExecutorScheduler("idempotency-it", 2);

  private final RedisSettings settings = redis.settings();

  @Override
  protected IdempotencyKeys createKeys() {
    return newKeys();
  }

  private RedisIdempotencyKeys newKeys() {
    return newKeys(settings, scheduler);
  }

  /** Keys as an origin makes them: 24 h, pending for 10 s, polled every 10 ms. */
  static RedisIdempotencyKeys newKeys(RedisSettings settings, Scheduler scheduler) {
    return new RedisIdempotencyKeys(
        settings,
        Duration.ofHours(24),
        Duration.ofSeconds(10),
        Duration.ofMillis(10),
        new CommentJson(),
        scheduler,
        Clock.systemUTC(),
        new RedisMetrics(new PrometheusRegistry()));
  }

  @Test
  void anotherOriginWaitsForThePendingAppendAndGetsItsComment() {
    try (RedisIdempotencyKeys otherOrigin = newKeys()) {
      String user = newUser();
      String key = newKey();
      CompletableFuture<Comment> pending = new CompletableFuture<>();
      CompletableFuture<Comment> first = keys.firstOrAppend(post(user, key), () -> pending);
      CompletableFuture<Comment> retry =
          otherOrigin.firstOrAppend(post(user, key), RedisIdempotencyKeysIT::unexpected);
      assertThat(retry).isNotDone();

      Comment comment = newComment();
      pending.complete(comment);

      assertThat(result(first)).isEqualTo(comment);
      assertThat(result(retry)).isEqualTo(comment);
    }
  }

  @Test
  void anotherOriginAppendsItselfWhenTheFirstAppendFailed() {
    try (RedisIdempotencyKeys otherOrigin = newKeys()) {
      String user = newUser();
      String key = newKey();
      CompletableFuture<Comment> failing = new CompletableFuture<>();
      keys.firstOrAppend(post(user, key), () -> failing);
      AtomicInteger calls = new AtomicInteger();
      Comment own = newComment();
      CompletableFuture<Comment> retry =
          otherOrigin.firstOrAppend(
              post(user, key),
              () -> {
                calls.incrementAndGet();
                return CompletableFuture.completedFuture(own);
              });

      failing.completeExceptionally(new IllegalStateException("log down on purpose"));

      assertThat(result(retry)).isEqualTo(own);
      assertThat(calls).hasValue(1);
      assertThat(result(keys.firstOrAppend(post(user, key), RedisIdempotencyKeysIT::unexpected)))
          .isEqualTo(own);
    }
  }

  @Test
  void keyIsRememberedAcrossOrigins() {
    try (RedisIdempotencyKeys otherOrigin = newKeys()) {
      String user = newUser();
      String key = newKey();
      Comment first =
          result(
              keys.firstOrAppend(
                  post(user, key), () -> CompletableFuture.completedFuture(newComment())));

      assertThat(
              result(
                  otherOrigin.firstOrAppend(post(user, key), RedisIdempotencyKeysIT::unexpected)))
          .isEqualTo(first);
    }
  }

  @Test
  void aSuccessfulAppendIsAnsweredBeforeItsKeyIsRecordedAndRetriesMeanwhileGetItsComment() {
    ManualScheduler recording = new ManualScheduler(new ManualClock());
    try (RedisIdempotencyKeys origin = newKeys(settings, recording);
        RedisIdempotencyKeys otherOrigin = newKeys()) {
      String user = newUser();
      String key = newKey();
      Comment comment = newComment();
      CompletableFuture<Comment> first =
          origin.firstOrAppend(post(user, key), () -> CompletableFuture.completedFuture(comment));

      // Answered from the append's completion: no Redis round trip on the scheduler first.
      assertThat(first).isCompletedWithValue(comment);
      assertThat(recording.pendingCount()).isEqualTo(1);
      assertThat(origin.firstOrAppend(post(user, key), RedisIdempotencyKeysIT::unexpected))
          .isCompletedWithValue(comment);
      CompletableFuture<Comment> elsewhere =
          otherOrigin.firstOrAppend(post(user, key), RedisIdempotencyKeysIT::unexpected);
      assertThat(elsewhere).isNotDone();

      recording.runDue();
      assertThat(result(elsewhere)).isEqualTo(comment);
    }
  }

  private static CompletableFuture<Comment> unexpected() {
    throw new AssertionError("append must not run for a key already in use");
  }
}
