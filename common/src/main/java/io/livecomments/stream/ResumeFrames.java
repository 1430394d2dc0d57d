package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.sse.SseFrames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The frames a resuming viewer gets for the log entries it missed, from a ring or a catch-up. */
final class ResumeFrames {
  private ResumeFrames() {}

  /**
   * Entries of one video (oldest first) as a resuming viewer gets them: runs of comments in frames
   * of at most {@link RecentRing#JOIN_CONTEXT} comments each, and a {@code hide} or {@code unhide}
   * frame for each decision, in log order. A comment that a later hide among the entries names is
   * left out, even when an unhide follows (a resume is a live viewer coming back: it never shows a
   * comment that was hidden after it, and is never sent an unhidden one again).
   */
  static List<WireFrame> of(VideoId videoId, List<Comment> entries, SseFrames frames) {
    Set<String> hiddenLater = new HashSet<>();
    for (Comment entry : entries) {
      if (entry.isDecision() && entry.moderation().hides()) {
        hiddenLater.addAll(entry.moderation().commentIds());
      }
    }
    List<WireFrame> out = new ArrayList<>();
    List<Comment> run = new ArrayList<>();
    for (Comment entry : entries) {
      if (entry.isDecision()) {
        flush(videoId, run, out, frames);
        out.add(WireFrame.of(frames.decision(entry)));
      } else if (!hiddenLater.contains(entry.id())) {
        run.add(entry);
        if (run.size() == RecentRing.JOIN_CONTEXT) {
          flush(videoId, run, out, frames);
        }
      }
    }
    flush(videoId, run, out, frames);
    return out;
  }

  private static void flush(
      VideoId videoId, List<Comment> run, List<WireFrame> out, SseFrames frames) {
    if (!run.isEmpty()) {
      out.add(WireFrame.of(frames.comments(CommentBatch.of(videoId, run))));
      run.clear();
    }
  }
}
