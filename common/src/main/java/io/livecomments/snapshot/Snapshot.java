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
 * @param restored the comments an unhide published in this second brought back, in full (with their
 *     own, earlier seq and createdAt), oldest first, at most {@value #MAX_COMMENTS}: a closed
 *     earlier second is immutable, so a poller puts them back at their place. The latest decision
 *     in the second wins: a comment is never both hidden and restored, and one published in this
 *     second and unhidden within it is among {@code comments} instead.
 */
public record Snapshot(
    VideoId videoId,
    long second,
    List<Comment> comments,
    int represents,
    long lastSeq,
    List<String> hidden,
    List<Comment> restored) {
  public static final int MAX_COMMENTS = 100;

  public Snapshot {
    Objects.requireNonNull(videoId, "videoId");
    comments = List.copyOf(comments);
    hidden = List.copyOf(hidden);
    restored = List.copyOf(restored);
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
    requireRestorable(videoId, restored, hidden, lastSeq);
  }

  /** A snapshot that restores nothing. */
  public Snapshot(
      VideoId videoId,
      long second,
      List<Comment> comments,
      int represents,
      long lastSeq,
      List<String> hidden) {
    this(videoId, second, comments, represents, lastSeq, hidden, List.of());
  }

  /** A snapshot that hides and restores nothing. */
  public Snapshot(
      VideoId videoId, long second, List<Comment> comments, int represents, long lastSeq) {
    this(videoId, second, comments, represents, lastSeq, List.of(), List.of());
  }

  /** A second in which nothing was published: it only carries the cursor forward. */
  public static Snapshot empty(VideoId videoId, long second, long lastSeq) {
    return new Snapshot(videoId, second, List.of(), 0, lastSeq);
  }

  /** This second with {@code restored} as the comments it brings back. */
  public Snapshot withRestored(List<Comment> restored) {
    return new Snapshot(videoId, second, comments, represents, lastSeq, hidden, restored);
  }

  private static void requireRestorable(
      VideoId videoId, List<Comment> restored, List<String> hidden, long lastSeq) {
    if (restored.size() > MAX_COMMENTS) {
      throw new IllegalArgumentException(
          "a snapshot restores at most " + MAX_COMMENTS + " comments: " + restored.size());
    }
    long newest = LogOrder.require(videoId, restored, "restored");
    for (Comment comment : restored) {
      if (comment.isDecision()) {
        throw new IllegalArgumentException(
            "a snapshot restores comments, not the decision " + comment.id());
      }
      if (hidden.contains(comment.id())) {
        throw new IllegalArgumentException(
            "comment " + comment.id() + " cannot be both hidden and restored");
      }
    }
    if (newest > lastSeq) {
      throw new IllegalArgumentException(
          "lastSeq " + lastSeq + " is before the restored comment at seq " + newest);
    }
  }
}
