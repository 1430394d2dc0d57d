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
import java.util.ArrayList;
import java.util.List;
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
    return newKeys(settings, scheduler, RedisIdempotencyKeys.MAX_UNRECORDED);
  }

  /**
   * As {@link #newKeys(RedisSettings, Scheduler)}, at most {@code maxUnrecorded} answered early.
   */
  static RedisIdempotencyKeys newKeys(
      RedisSettings settings, Scheduler scheduler, int maxUnrecorded) {
    return new RedisIdempotencyKeys(
        settings,
        Duration.ofHours(24),
        Duration.ofSeconds(10),
        Duration.ofMillis(10),
        new CommentJson(),
        scheduler,
        Clock.systemUTC(),
        new RedisMetrics(new PrometheusRegistry()),
        () -> {},
        maxUnrecorded);
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

  @Test
  void pastTheBoundOnPendingRecordingsCallersWaitForTheirsAndEarlyAnswersResumeOnceRecorded() {
    ManualScheduler recording = new ManualScheduler(new ManualClock());
    try (RedisIdempotencyKeys origin = newKeys(settings, recording, 2)) {
      List<CompletableFuture<Comment>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Comment comment = newComment();
        answers.add(
            origin.firstOrAppend(
                post(newUser(), newKey()), () -> CompletableFuture.completedFuture(comment)));
      }
      assertThat(answers.subList(0, 2)).allMatch(CompletableFuture::isDone);
      assertThat(answers.get(2)).as("over the bound: waits for its recording").isNotDone();

      recording.runDue();
      assertThat(answers).allMatch(a -> a.isDone() && !a.isCompletedExceptionally());
      Comment after = newComment();
      assertThat(
              origin.firstOrAppend(
                  post(newUser(), newKey()), () -> CompletableFuture.completedFuture(after)))
          .as("recordings done: answered early again")
          .isCompletedWithValue(after);
    }
  }

  @Test
  void aFrozenRedisHoldsAnswersPastTheBoundBehindTheirRecording() throws Exception {
    ExecutorScheduler own = new ExecutorScheduler("idempotency-frozen", 1);
    try (RedisIdempotencyKeys origin = newKeys(settings, own, 2)) {
      List<CompletableFuture<Comment>> appends = new ArrayList<>();
      List<CompletableFuture<Comment>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CompletableFuture<Comment> append = new CompletableFuture<>();
        appends.add(append);
        answers.add(origin.firstOrAppend(post(newUser(), newKey()), () -> append));
      }
      redis.pause();
      try {
        appends.forEach(append -> append.complete(newComment()));
        assertThat(answers.subList(0, 2)).allMatch(CompletableFuture::isDone);
        assertThat(answers.get(2)).as("over the bound: waits for Redis").isNotDone();
      } finally {
        redis.resume();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(result(answers.get(i))).isEqualTo(appends.get(i).join());
      }
    } finally {
      own.close();
    }
  }

  private static CompletableFuture<Comment> unexpected() {
    throw new AssertionError("append must not run for a key already in use");
  }
}
