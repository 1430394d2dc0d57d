package io.livecomments.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link IdempotencyKeys}, for every implementation: extend it, return fresh keys
 * from {@link #createKeys()}. Every test uses its own random user ids and keys; the posts and
 * comments are of one video and one text unless a test says otherwise. Expiry depends on time and
 * is tested by each implementation with its own clock.
 */
public abstract class IdempotencyKeysContract {
  /** The text of every comment {@link #newComment} makes, and of {@link #post(String, String)}. */
  protected static final String TEXT = "the same text";

  private final AtomicLong nextSeq = new AtomicLong(1);
  private final VideoId video = new VideoId("v-" + UUID.randomUUID());
  protected IdempotencyKeys keys;

  /** Keys for one test; the suite closes them afterwards. */
  protected abstract IdempotencyKeys createKeys();

  /** How long to wait for a result before failing. */
  protected Duration timeout() {
    return Duration.ofSeconds(10);
  }

  @BeforeEach
  void openKeys() {
    keys = createKeys();
  }

  @AfterEach
  void closeKeys() {
    keys.close();
  }

  @Test
  void sameKeyReturnsTheFirstCommentAndAppendsOnce() {
    String user = newUser();
    String key = newKey();
    CountingAppend append = new CountingAppend();

    Comment first = result(keys.firstOrAppend(post(user, key), append));
    Comment second = result(keys.firstOrAppend(post(user, key), append));

    assertThat(second).isEqualTo(first);
    assertThat(append.calls).hasValue(1);
  }

  @Test
  void concurrentCallersWithOneKeyShareOneAppend() throws Exception {
    String user = newUser();
    String key = newKey();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Comment> pending = new CompletableFuture<>();
    Supplier<CompletableFuture<Comment>> append =
        () -> {
          calls.incrementAndGet();
          return pending;
        };
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Comment>> results = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<CompletableFuture<Comment>>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitLatch(start);
                  return keys.firstOrAppend(post(user, key), append);
                },
                pool));
      }
      start.countDown();
      for (CompletableFuture<CompletableFuture<Comment>> caller : callers) {
        results.add(caller.get(timeout().toMillis(), TimeUnit.MILLISECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(results).noneMatch(CompletableFuture::isDone);

    Comment comment = newComment();
    pending.complete(comment);

    assertThat(results).allSatisfy(r -> assertThat(result(r)).isEqualTo(comment));
    assertThat(calls).hasValue(1);
  }

  @Test
  void differentUsersWithTheSameKeyAreIndependent() {
    String key = newKey();
    CountingAppend append = new CountingAppend();

    Comment first = result(keys.firstOrAppend(post(newUser(), key), append));
    Comment second = result(keys.firstOrAppend(post(newUser(), key), append));

    assertThat(second).isNotEqualTo(first);
    assertThat(append.calls).hasValue(2);
  }

  @Test
  void differentKeysOfOneUserAreIndependent() {
    String user = newUser();
    CountingAppend append = new CountingAppend();

    Comment first = result(keys.firstOrAppend(post(user, newKey()), append));
    Comment second = result(keys.firstOrAppend(post(user, newKey()), append));

    assertThat(second).isNotEqualTo(first);
    assertThat(append.calls).hasValue(2);
  }

  @Test
  void failedAppendIsPassedOnToEveryWaiterAndTheKeyIsForgotten() {
    String user = newUser();
    String key = newKey();
    CompletableFuture<Comment> failing = new CompletableFuture<>();
    CompletableFuture<Comment> first = keys.firstOrAppend(post(user, key), () -> failing);
    CompletableFuture<Comment> waiter =
        keys.firstOrAppend(post(user, key), CountingAppend::unexpected);
    IllegalStateException failure = new IllegalStateException("log down on purpose");

    failing.completeExceptionally(failure);

    assertFailsWith(first, failure);
    assertFailsWith(waiter, failure);
    CountingAppend retry = new CountingAppend();
    Comment retried = result(keys.firstOrAppend(post(user, key), retry));
    assertThat(retry.calls).hasValue(1);
    assertThat(result(keys.firstOrAppend(post(user, key), CountingAppend::unexpected)))
        .isEqualTo(retried);
  }

  @Test
  void appendThatThrowsIsPassedOnAndTheKeyIsForgotten() {
    String user = newUser();
    String key = newKey();
    IllegalStateException failure = new IllegalStateException("append throws on purpose");

    CompletableFuture<Comment> first =
        keys.firstOrAppend(
            post(user, key),
            () -> {
              throw failure;
            });

    assertFailsWith(first, failure);
    CountingAppend retry = new CountingAppend();
    result(keys.firstOrAppend(post(user, key), retry));
    assertThat(retry.calls).hasValue(1);
  }

  @Test
  void sameKeyWithAnotherTextIsRefusedAndAppendsNothing() {
    String user = newUser();
    String key = newKey();
    Comment first = result(keys.firstOrAppend(post(user, key), new CountingAppend()));

    assertReused(
        keys.firstOrAppend(post(user, key, video, "other text"), CountingAppend::unexpected));
    assertThat(result(keys.firstOrAppend(post(user, key), CountingAppend::unexpected)))
        .isEqualTo(first);
  }

  @Test
  void sameKeyOnAnotherVideoIsRefusedAndNeverReturnsTheOtherVideosComment() {
    String user = newUser();
    String key = newKey();
    result(keys.firstOrAppend(post(user, key), new CountingAppend()));

    assertReused(
        keys.firstOrAppend(
            post(user, key, new VideoId("other-" + UUID.randomUUID()), TEXT),
            CountingAppend::unexpected));
  }

  @Test
  void aWaiterWithAnotherPayloadIsRefusedOnceThePendingAppendCompletes() {
    String user = newUser();
    String key = newKey();
    CompletableFuture<Comment> pending = new CompletableFuture<>();
    CompletableFuture<Comment> first = keys.firstOrAppend(post(user, key), () -> pending);
    CompletableFuture<Comment> other =
        keys.firstOrAppend(post(user, key, video, "changed"), CountingAppend::unexpected);

    Comment comment = newComment();
    pending.complete(comment);

    assertThat(result(first)).isEqualTo(comment);
    assertReused(other);
  }

  /** A post of {@code user} under {@code key} of the suite's video and text. */
  protected final IdempotentPost post(String user, String key) {
    return post(user, key, video, TEXT);
  }

  protected static IdempotentPost post(String user, String key, VideoId videoId, String text) {
    return new IdempotentPost(user, key, videoId, text);
  }

  private void assertReused(CompletableFuture<Comment> future) {
    assertThat(future)
        .failsWithin(timeout())
        .withThrowableOfType(ExecutionException.class)
        .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(IdempotencyKeyReusedException.class));
  }

  protected static String newUser() {
    return "user-" + UUID.randomUUID();
  }

  protected static String newKey() {
    return "key-" + UUID.randomUUID();
  }

  protected final Comment newComment() {
    long seq = nextSeq.getAndIncrement();
    return new Comment(
        UUID.randomUUID().toString(), video, seq, new Author("u1", "User One"), TEXT, seq);
  }

  protected final Comment result(CompletableFuture<Comment> future) {
    assertThat(future).succeedsWithin(timeout());
    return future.join();
  }

  private void assertFailsWith(CompletableFuture<Comment> future, Throwable failure) {
    assertThat(future)
        .failsWithin(timeout())
        .withThrowableOfType(ExecutionException.class)
        .satisfies(e -> assertThat(rootCause(e)).isSameAs(failure));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An append that succeeds at once with a new comment and counts its calls. */
  protected final class CountingAppend implements Supplier<CompletableFuture<Comment>> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<Comment> get() {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(newComment());
    }

    static CompletableFuture<Comment> unexpected() {
      throw new AssertionError("append must not run for a key already in use");
    }
  }
}
