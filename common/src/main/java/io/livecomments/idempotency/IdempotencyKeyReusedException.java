package io.livecomments.idempotency;

/**
 * An {@code Idempotency-Key} already stands for another post (another video or another text) of the
 * same user: nothing was appended, and the first comment is not revealed. HTTP answers 422.
 */
public final class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException(String key) {
    // No stack trace: a client's mistake, not ours. The key is the client's own, safe to repeat.
    super(
        "Idempotency-Key '" + key + "' was already used for another comment (other text or video)",
        null,
        false,
        false);
  }
}
