package io.livecomments.origin.batch;

import java.time.Duration;

/**
 * How comments of one video are grouped into batches.
 *
 * @param window how long a burst is gathered into one batch; a comment after a quiet window goes
 *     out at once
 * @param maxComments a batch this large is flushed before its window ends
 */
public record BatchPolicy(Duration window, int maxComments) {
  public static final BatchPolicy DEFAULT = new BatchPolicy(Duration.ofMillis(100), 100);

  public BatchPolicy {
    if (window.isNegative() || window.toMillis() > 10_000) {
      throw new IllegalArgumentException("batch window must be 0..10s: " + window);
    }
    if (maxComments < 1 || maxComments > 1000) {
      throw new IllegalArgumentException("max comments per batch must be 1..1000: " + maxComments);
    }
  }
}
