package io.livecomments.comment;

import java.util.List;

/** The invariant every group of comments carried together keeps: one video's, in log order. */
public final class LogOrder {
  private LogOrder() {}

  /**
   * Checks that every comment is {@code videoId}'s and that seqs strictly increase.
   *
   * @param what the group's name in messages ("batch", "snapshot")
   * @return the last comment's seq, or 0 when there is none
   * @throws IllegalArgumentException naming the first comment out of place
   */
  public static long require(VideoId videoId, List<Comment> comments, String what) {
    long previous = 0;
    for (Comment comment : comments) {
      if (!comment.videoId().equals(videoId)) {
        throw new IllegalArgumentException(
            "comment " + comment.id() + " belongs to " + comment.videoId() + ", not " + videoId);
      }
      if (comment.seq() <= previous) {
        throw new IllegalArgumentException(what + " out of log order at seq " + comment.seq());
      }
      previous = comment.seq();
    }
    return previous;
  }
}
