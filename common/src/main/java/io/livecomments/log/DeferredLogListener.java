package io.livecomments.log;

import io.livecomments.comment.Comment;
import java.util.List;

/**
 * Receives what a {@link CommentLog} subscription reads, in log order per video, and hands it on
 * later than it takes it (the fan-out stage gathers comments into batch windows). The group's
 * position passes a run only once the listener has reported it handled, so whoever reads the group
 * after a crash is given again every comment this listener had taken but not yet handed on.
 */
@FunctionalInterface
public interface DeferredLogListener {
  /**
   * Takes a run of comments. Returning normally means taken, not handled: the listener calls {@code
   * handled} once every comment of the run has been handed on (once, from any thread, without
   * blocking). Throwing means not taken: the same run comes again after a pause.
   */
  void onComments(List<Comment> comments, Runnable handled);
}
