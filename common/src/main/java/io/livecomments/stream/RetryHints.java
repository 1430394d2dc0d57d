package io.livecomments.stream;

import io.livecomments.sse.SseFrames;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The {@code retry:} frames this hop hands out, pre-encoded in a few jittered variants so that
 * viewers told to reconnect at the same moment spread out instead of storming back together.
 */
public final class RetryHints {
  private static final int VARIANTS = 32;

  private final WireFrame[] hints = new WireFrame[VARIANTS];
  private final RandomGenerator random;

  /**
   * @param base the shortest delay a viewer is told; variants spread evenly up to three times it
   */
  public RetryHints(SseFrames frames, Duration base, RandomGenerator random) {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("retry base must be positive: " + base);
    }
    long millis = base.toMillis();
    for (int i = 0; i < VARIANTS; i++) {
      hints[i] = WireFrame.of(frames.retry(millis + 2 * millis * i / VARIANTS));
    }
    this.random = random;
  }

  /** Every variant, for compressing them once. */
  List<WireFrame> all() {
    return List.of(hints);
  }

  /** A shared, read-only {@code retry:} frame with a random delay. */
  public WireFrame next() {
    return hints[random.nextInt(VARIANTS)];
  }
}
