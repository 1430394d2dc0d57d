package io.livecomments.origin.write;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.IdempotentPost;
import io.livecomments.log.CommentLog;
import io.livecomments.ratelimit.RateDecision;
import io.livecomments.ratelimit.RateLimiter;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The write path: validate, rate-limit, append to the log, and acknowledge only once the log has
 * durably accepted the comment. A retry with the same idempotency key returns the first comment and
 * costs no rate-limit token; the key used again for another video or text fails with {@link
 * io.livecomments.idempotency.IdempotencyKeyReusedException}.
 */
public final class CommentWriter {
  private final CommentLog log;
  private final RateLimiter rateLimiter;
  private final IdempotencyKeys idempotencyKeys;
  private final Supplier<String> ids;
  private final InstantSource clock;

  public CommentWriter(
      CommentLog log,
      RateLimiter rateLimiter,
      IdempotencyKeys idempotencyKeys,
      Supplier<String> ids,
      InstantSource clock) {
    this.log = log;
    this.rateLimiter = rateLimiter;
    this.idempotencyKeys = idempotencyKeys;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Posts a comment.
   *
   * @param idempotencyKey the client's key for this comment, or null
   * @return the comment as the log placed it; fails with {@link RateLimitedException}, {@link
   *     io.livecomments.idempotency.IdempotencyKeyReusedException} or {@link
   *     io.livecomments.log.LogUnavailableException}
   * @throws InvalidCommentException at once when the text breaks a rule
   */
  public CompletableFuture<Comment> post(
      Author author, VideoId videoId, String text, String idempotencyKey) {
    String normalized = CommentText.normalize(text);
    Supplier<CompletableFuture<Comment>> append = () -> append(author, videoId, normalized);
    return idempotencyKey == null
        ? append.get()
        : idempotencyKeys.firstOrAppend(
            new IdempotentPost(author.id(), idempotencyKey, videoId, normalized), append);
  }

  private CompletableFuture<Comment> append(Author author, VideoId videoId, String text) {
    RateDecision decision = rateLimiter.tryAcquire(author.id());
    if (!decision.allowed()) {
      return CompletableFuture.failedFuture(new RateLimitedException(decision.retryAfter()));
    }
    return log.append(new CommentDraft(ids.get(), videoId, author, text, clock.millis()));
  }
}
