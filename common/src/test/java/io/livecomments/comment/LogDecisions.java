package io.livecomments.comment;

import java.util.List;

/**
 * Moderation decisions as log entries, for tests of what reads the log: id {@code d<seq>}, by
 * moderator {@code m}, created at {@code seq} ms, reason {@code spam}.
 */
public final class LogDecisions {
  private LogDecisions() {}

  public static Comment decision(
      VideoId video, long seq, Moderation.Action action, String... commentIds) {
    return new Comment(
        "d" + seq,
        video,
        seq,
        new Author("m", "M"),
        "",
        seq,
        new Moderation(action, List.of(commentIds), "spam"));
  }

  public static Comment hide(VideoId video, long seq, String... commentIds) {
    return decision(video, seq, Moderation.Action.HIDE, commentIds);
  }

  public static Comment unhide(VideoId video, long seq, String... commentIds) {
    return decision(video, seq, Moderation.Action.UNHIDE, commentIds);
  }
}
