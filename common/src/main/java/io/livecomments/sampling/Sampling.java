package io.livecomments.sampling;

import io.livecomments.comment.Comment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sampling decision for a hot video: a pure function of the comment's id and the video's
 * current rate, so every relay (and every hop behind it) keeps exactly the same comments, and a
 * viewer who moves to another relay sees a consistent stream. Lower rates keep supersets: a comment
 * kept at some rate is kept at every lower rate.
 */
public final class Sampling {
  /**
   * A steady stream at the budget measures a little above it about half the time; sampling starts
   * only this far above the budget, so such a stream is never thinned.
   */
  static final double HEADROOM = 1.25;

  private Sampling() {}

  /** Whether a video at this rate is thinned at all. */
  public static boolean isHot(double ratePerSecond, int budgetPerSecond) {
    return ratePerSecond > budgetPerSecond * HEADROOM;
  }

  /**
   * @param ratePerSecond comments per second the video receives (what its batches stand for)
   * @param budgetPerSecond comments per second a viewer is sent at most, on average
   */
  public static boolean keeps(Comment comment, double ratePerSecond, int budgetPerSecond) {
    if (comment.author().priority() || !isHot(ratePerSecond, budgetPerSecond)) {
      return true;
    }
    return unitHash(comment.id()) < budgetPerSecond / ratePerSecond;
  }

  /**
   * At most {@code max} of {@code comments}, in their order: every priority comment (the first
   * {@code max} of them if there are more), then the others with the lowest {@link #unitHash}. That
   * is a threshold on the same hash {@link #keeps} uses, so whatever a relay keeps of these
   * comments at a budget of {@code max} per second or lower is kept here too.
   */
  public static List<Comment> select(List<Comment> comments, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    if (comments.size() <= max) {
      return List.copyOf(comments);
    }
    List<Comment> ranked = new ArrayList<>(comments);
    ranked.sort(
        Comparator.comparing((Comment c) -> !c.author().priority())
            .thenComparingDouble(c -> unitHash(c.id())));
    Set<Comment> chosen = new HashSet<>(ranked.subList(0, max));
    List<Comment> kept = new ArrayList<>(max);
    for (Comment comment : comments) {
      if (chosen.contains(comment)) {
        kept.add(comment);
      }
    }
    return List.copyOf(kept);
  }

  /** A uniform value in [0, 1) from the id, the same on every JVM (FNV-1a, then a 64-bit mix). */
  public static double unitHash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }
}
