package io.livecomments.snapshot;

import io.livecomments.comment.Comment;
import io.livecomments.comment.LogOrder;
import io.livecomments.comment.VideoId;
import java.util.List;
import java.util.Objects;

/**
 * The comments of one video that the fan-out stage published during one second: what a poller reads
 * instead of a stream.
 *
 * <p>Snapshots partition a video's log in seq order: second S holds exactly the comments after the
 * {@code lastSeq} of second S-1 up to its own {@code lastSeq}. So a client switches from polling to
 * streaming with {@code Last-Event-ID: lastSeq} and from streaming to polling at the second whose
 * {@code lastSeq} reaches its last event id, with no gap and no duplicate (it still de-duplicates
 * by comment id, as on the stream).
 *
 * @param second epoch second (of the fan-out stage's clock) this snapshot covers
 * @param comments at most {@value #MAX_COMMENTS}, in log order (sampled when the second was hot)
 * @param represents how many comments of the log were published in this second
 * @param lastSeq seq of the last log entry (comment or moderation decision) published in this or
 *     any earlier second; 0 if none
 * @param hidden ids of comments a moderation decision published in this second hid: a closed
 *     earlier second is immutable, so a poller drops them from what it already shows. Comments
 *     hidden within their own second are left out of it instead.
 */
public record Snapshot(
    VideoId videoId,
    long second,
    List<Comment> comments,
    int represents,
    long lastSeq,
    List<String> hidden) {
  public static final int MAX_COMMENTS = 100;

  public Snapshot {
    Objects.requireNonNull(videoId, "videoId");
    comments = List.copyOf(comments);
    hidden = List.copyOf(hidden);
    if (second < 0) {
      throw new IllegalArgumentException("second must not be negative: " + second);
    }
    if (comments.size() > MAX_COMMENTS) {
      throw new IllegalArgumentException(
          "a snapshot holds at most " + MAX_COMMENTS + " comments: " + comments.size());
    }
    if (represents < comments.size()) {
      throw new IllegalArgumentException(
          "a snapshot of " + comments.size() + " cannot stand for " + represents + " comments");
    }
    if (lastSeq < 0) {
      throw new IllegalArgumentException("lastSeq must not be negative: " + lastSeq);
    }
    long previous = LogOrder.require(videoId, comments, "snapshot");
    for (Comment comment : comments) {
      if (comment.isDecision()) {
        throw new IllegalArgumentException(
            "a snapshot holds comments, not the decision " + comment.id());
      }
    }
    if (previous > lastSeq) {
      throw new IllegalArgumentException(
          "lastSeq " + lastSeq + " is before the snapshot's comment at seq " + previous);
    }
  }

  /** A snapshot that hides nothing. */
  public Snapshot(
      VideoId videoId, long second, List<Comment> comments, int represents, long lastSeq) {
    this(videoId, second, comments, represents, lastSeq, List.of());
  }

  /** A second in which nothing was published: it only carries the cursor forward. */
  public static Snapshot empty(VideoId videoId, long second, long lastSeq) {
    return new Snapshot(videoId, second, List.of(), 0, lastSeq);
  }
}
