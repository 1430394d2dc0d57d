package io.livecomments.log;

import io.livecomments.comment.Comment;
import java.util.List;

/** Receives what a {@link CommentLog} subscription reads, in log order per video. */
@FunctionalInterface
public interface LogListener {
  /** Handles a run of comments; returning normally commits them for the group. */
  void onComments(List<Comment> comments);
}
