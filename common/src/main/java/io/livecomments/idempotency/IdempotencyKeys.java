package io.livecomments.idempotency;

import io.livecomments.comment.Comment;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Remembers which comment an {@code Idempotency-Key} produced, per user, for a day, so a retried
 * POST returns the first comment and never appends a second one.
 */
public interface IdempotencyKeys extends AutoCloseable {
  /**
   * The comment this user's key already produced, or the result of {@code append} run now.
   *
   * <p>Concurrent calls with the same user and key run {@code append} at most once and all complete
   * with its comment. When {@code append} fails, the key is forgotten so that a retry appends
   * again; the failure is passed on to every caller waiting on it.
   */
  CompletableFuture<Comment> firstOrAppend(
      String userId, String key, Supplier<CompletableFuture<Comment>> append);

  @Override
  void close();
}
