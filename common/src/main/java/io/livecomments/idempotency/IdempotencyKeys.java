package io.livecomments.idempotency;

import io.livecomments.comment.Comment;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Remembers which comment an {@code Idempotency-Key} produced, per user, so a retried POST returns
 * the first comment and never appends a second one; the key stays bound to the video and text it
 * was first used with ({@link IdempotentPost}).
 *
 * <p>Guarantees: a key is remembered for the implementation's time to live (a day in production)
 * from its first successful use. Concurrent calls with the same user and key run {@code append} at
 * most once and all complete with its comment. A call whose video or text differs from the first
 * use's fails with {@link IdempotencyKeyReusedException} (once the first comment is known, if it is
 * still pending) and never runs {@code append}, so no key ever returns a comment of another video.
 * Keys of different users never meet.
 *
 * <p>Threads: {@code firstOrAppend} never blocks; {@code append} runs on the caller's thread or on
 * a thread of the implementation, never under its lock. The returned futures complete on the thread
 * that completes the append's future or on the implementation's own thread; chain only quick work
 * onto them or move it elsewhere. Each caller gets its own future, so cancelling one affects nobody
 * else. Implementations are thread-safe.
 *
 * <p>Failures: when {@code append} fails or throws, the key is forgotten before the failure is
 * passed on to every caller waiting on it, so that a retry made on seeing the failure appends
 * again. A store that cannot be reached never refuses a comment: the implementation says how far
 * its guarantee then reaches. A caller that waits too long for another's pending append fails with
 * {@link IllegalStateException}; the client may retry.
 *
 * <p>{@link #close} releases what the implementation holds (connections, the keys in memory);
 * pending appends still complete their callers' futures. What a call after it does is the
 * implementation's to say.
 */
public interface IdempotencyKeys extends AutoCloseable {
  /**
   * The comment {@code post}'s key already produced, or the result of {@code append} run now.
   *
   * @return a future of the key's comment; it fails with {@link IdempotencyKeyReusedException} when
   *     that comment is for another video or text than {@code post}'s, or with the append's failure
   */
  CompletableFuture<Comment> firstOrAppend(
      IdempotentPost post, Supplier<CompletableFuture<Comment>> append);

  @Override
  void close();
}
