package io.livecomments.comment;

import java.util.List;

/**
 * The comments of one video from one short window, in log order: the unit that is encoded once and
 * written to every viewer.
 *
 * @param represents how many comments of the log this batch stands for; larger than {@code
 *     comments.size()} only when a hop sampled a hot video
 */
public record CommentBatch(VideoId videoId, List<Comment> comments, int represents) {
  public CommentBatch {
    comments = List.copyOf(comments);
    if (comments.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one comment");
    }
    LogOrder.require(videoId, comments, "batch");
    if (represents < comments.size()) {
      throw new IllegalArgumentException(
          "a batch of " + comments.size() + " cannot stand for " + represents + " comments");
    }
  }

  /** A batch that stands for exactly its own comments. */
  public static CommentBatch of(VideoId videoId, List<Comment> comments) {
    return new CommentBatch(videoId, comments, comments.size());
  }

  public long firstSeq() {
    return comments.get(0).seq();
  }

  public long lastSeq() {
    return comments.get(comments.size() - 1).seq();
  }
}
