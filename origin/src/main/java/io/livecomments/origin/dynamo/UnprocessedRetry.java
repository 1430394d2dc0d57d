package io.livecomments.origin.dynamo;

import io.livecomments.store.StoreUnavailableException;
import java.time.Duration;

/**
 * Backoff for the items and keys a batch call leaves unprocessed (DynamoDB's way of throttling part
 * of a batch): exponential from {@code base}, capped at {@code cap}, at most {@code attempts} calls
 * in all, then {@link StoreUnavailableException}. Sleeps on the calling thread, which the store's
 * contract allows.
 */
record UnprocessedRetry(Duration base, Duration cap, int attempts) {
  static UnprocessedRetry standard() {
    return new UnprocessedRetry(Duration.ofMillis(25), Duration.ofSeconds(1), 10);
  }

  /** Returns at once before the first attempt; pauses before a retry; gives up past the last. */
  void pauseBefore(int attempt, String what) {
    if (attempt == 0) {
      return;
    }
    if (attempt >= attempts) {
      throw new StoreUnavailableException(
          what + ": still unprocessed after " + attempts + " attempts (throttled)", null);
    }
    long millis = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(what + ": interrupted while backing off", e);
    }
  }
}
