package io.livecomments.relay.sampling;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.sampling.Sampling;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One video's sampler (per upstream feed, used by one thread at a time). The rate is what the
 * batches of the last second of origin time stand for, so it depends only on the batches, which
 * every relay receives alike, and every relay keeps the same comments. Only the first hop that
 * samples thins a batch; hops behind it pass the thinned batches on.
 */
public final class VideoSampler {
  private static final long WINDOW_MILLIS = 1_000;

  /** Bounds the window's memory in a flood; past it the rate reads low and sampling keeps more. */
  private static final int MAX_WINDOW_COMMENTS = 8_192;

  private final int budgetPerSecond;
  private final ArrayDeque<double[]> window = new ArrayDeque<>();
  private double windowSum;

  /** Comments of batches left out entirely, not yet counted in a batch that went out. */
  private int leftOut;

  public VideoSampler(int budgetPerSecond) {
    if (budgetPerSecond < 1) {
      throw new IllegalArgumentException("sample budget must be positive: " + budgetPerSecond);
    }
    this.budgetPerSecond = budgetPerSecond;
  }

  /**
   * The batch as this hop's viewers get it: all of it below the budget, else the kept comments;
   * empty when none is kept. A batch already thinned upstream (it stands for more comments than it
   * holds) passes as it is. The comments of batches left out entirely are counted in the next batch
   * that goes out, so what viewers receive always stands for every comment of the video.
   */
  public Optional<CommentBatch> sample(CommentBatch batch) {
    double rate = observe(batch);
    List<Comment> kept = batch.comments();
    if (Sampling.isHot(rate, budgetPerSecond) && batch.represents() == batch.comments().size()) {
      kept = new ArrayList<>(batch.comments().size());
      for (Comment comment : batch.comments()) {
        if (Sampling.keeps(comment, rate, budgetPerSecond)) {
          kept.add(comment);
        }
      }
    }
    if (kept.isEmpty()) {
      leftOut += batch.represents();
      return Optional.empty();
    }
    int represents = batch.represents() + leftOut;
    leftOut = 0;
    return Optional.of(
        kept == batch.comments() && represents == batch.represents()
            ? batch
            : new CommentBatch(batch.videoId(), kept, represents));
  }

  /**
   * Adds the batch's comments to the last second (each at the time the origin accepted it, so a
   * catch-up of old comments does not look like a burst) and returns the rate in comments per
   * second.
   */
  private double observe(CommentBatch batch) {
    double weight = (double) batch.represents() / batch.comments().size();
    long newest = Long.MIN_VALUE;
    for (Comment comment : batch.comments()) {
      window.addLast(new double[] {comment.createdAt(), weight});
      windowSum += weight;
      newest = Math.max(newest, comment.createdAt());
    }
    while (window.size() > MAX_WINDOW_COMMENTS || window.peekFirst()[0] <= newest - WINDOW_MILLIS) {
      windowSum -= window.removeFirst()[1];
    }
    return windowSum * 1_000.0 / WINDOW_MILLIS;
  }
}
