package io.livecomments.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import io.livecomments.comment.Comment;
import io.livecomments.time.ClockedCaches;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The embedded {@link IdempotencyKeys}: a Caffeine cache, in this process only, of the pending or
 * finished append per (user, key); the comment it holds tells a reuse for another video or text.
 *
 * <p>A key is remembered for {@code ttl} from its first use (time from the injected clock), and at
 * most {@code maxKeys} keys are held; a key evicted for size before its append finishes lets a
 * concurrent retry append again, so size the cache well above the keys in flight.
 *
 * <p>{@code append} runs on the caller's thread, outside any lock. The first caller's future and
 * every later caller's complete when the append's does, on the thread that completes it. Each
 * caller gets its own future, so one caller cancelling or completing it affects nobody else. When
 * the append fails (or {@code append} throws), the key is forgotten before the failure is passed
 * on, so a retry made on seeing the failure appends again.
 *
 * <p>{@link #close} forgets every key; pending appends still complete their callers' futures, and
 * later calls work on an empty cache.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {
  private final Cache<Key, CompletableFuture<Comment>> keys;

  /**
   * @param ttl how long a key is remembered after its first use ({@code PT24H} in production)
   * @param maxKeys keys held at most
   * @param clock the time keys expire in
   */
  public InMemoryIdempotencyKeys(Duration ttl, long maxKeys, InstantSource clock) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
    }
    Objects.requireNonNull(clock, "clock");
    this.keys = ClockedCaches.builder(clock, maxKeys).expireAfterWrite(ttl).build();
  }

  @Override
  public CompletableFuture<Comment> firstOrAppend(
      IdempotentPost post, Supplier<CompletableFuture<Comment>> append) {
    Objects.requireNonNull(append, "append");
    // Per user and key only: the video and text are what the key is checked against, so that a
    // key reused on another video is refused rather than silently made a second comment.
    Key k = new Key(post.userId(), post.key());
    ConcurrentMap<Key, CompletableFuture<Comment>> map = keys.asMap();
    CompletableFuture<Comment> mine = new CompletableFuture<>();
    CompletableFuture<Comment> first = map.putIfAbsent(k, mine);
    if (first != null) {
      return first.thenApply(post::sameAs);
    }
    CompletableFuture<Comment> appended;
    try {
      appended = Objects.requireNonNull(append.get(), "append returned null");
    } catch (RuntimeException e) {
      appended = CompletableFuture.failedFuture(e);
    }
    appended.whenComplete(
        (comment, failure) -> {
          if (failure == null) {
            mine.complete(comment);
          } else {
            map.remove(k, mine);
            mine.completeExceptionally(failure);
          }
        });
    return mine.thenApply(post::sameAs);
  }

  @Override
  public void close() {
    keys.invalidateAll();
  }

  private record Key(String userId, String key) {
    Key {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(key, "key");
    }
  }
}
