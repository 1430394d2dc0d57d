package io.livecomments.origin.batch;

import io.livecomments.comment.Comment;
import io.livecomments.log.LogListener;
import io.livecomments.store.CommentStore;
import java.util.List;

/**
 * Copies the log into the comment store. Puts are idempotent, and the log commits a run only after
 * this returns, so a failed or replayed run never loses or doubles a comment. Moderation decisions
 * are stored as entries too, at their own seq (history's pages leave them out; a catch-up from
 * history replays them, so a viewer resuming from far back gets every hide after its cursor), and
 * applied after the run's entries are stored (a decision always follows the comments it names in
 * the log), in log order; hiding and unhiding are idempotent too.
 */
public final class Persister implements LogListener {
  private final CommentStore store;

  public Persister(CommentStore store) {
    this.store = store;
  }

  @Override
  public void onComments(List<Comment> comments) {
    if (!comments.isEmpty()) {
      store.putAll(comments);
    }
    for (Comment entry : comments) {
      if (entry.isDecision()) {
        if (entry.moderation().hides()) {
          store.hide(entry.videoId(), entry.moderation().commentIds());
        } else {
          store.unhide(entry.videoId(), entry.moderation().commentIds());
        }
      }
    }
  }
}
