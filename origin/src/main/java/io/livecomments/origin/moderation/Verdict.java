package io.livecomments.origin.moderation;

import java.util.List;

/**
 * A classifier's opinion of one comment.
 *
 * @param score 0 (fine) to 1 (certainly unacceptable)
 * @param labels why, e.g. {@code blocklist}, {@code link}, {@code flood}, {@code repeat}
 */
public record Verdict(double score, List<String> labels) {
  /** Nothing against it; also what a failing classifier answers (fail open). */
  public static final Verdict CLEAN = new Verdict(0, List.of());

  public Verdict {
    labels = List.copyOf(labels);
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be 0..1: " + score);
    }
  }
}
