package io.livecomments.stream;

/**
 * When a {@code Last-Event-ID} lies too far ahead of a hop to be a cursor it handed out or will
 * hand out soon: a client that sends one would otherwise get a stream that stays silent until the
 * log reaches it, which may be never.
 *
 * <p>Ahead by a little is normal: a comment acknowledged by the log but not yet fanned out, or a
 * viewer that moved from a relay ahead of this one (its upstream lags its peers). Seqs are Kafka
 * offsets, shared by every video of a partition, so the distance a lag explains is the partition's
 * appends during that lag: {@value #MAX_AHEAD} seqs is over 100 s of a partition taking 10,000
 * comments a second, far more than a hop that still serves may lag. Beyond it the cursor is refused
 * with 400 {@code cursor-ahead}. A hop that knows no seq of the video yet (a quiet video, or a
 * relay still connecting its upstream) cannot judge and waits; a cursor found too far ahead only
 * once the hop is seeded gets a {@code reset} instead, since the stream has begun by then.
 */
final class FarCursor {
  static final long MAX_AHEAD = 1_000_000;

  private FarCursor() {}

  /** Whether {@code cursor} is beyond {@code lastSeq} (the hop's newest, 0 if none) by too much. */
  static boolean isFarAhead(long cursor, long lastSeq) {
    return lastSeq > 0 && cursor - lastSeq > MAX_AHEAD;
  }
}
