package io.livecomments.origin.batch;

import io.livecomments.comment.Comment;
import io.livecomments.log.LogListener;
import io.livecomments.store.CommentStore;
import java.util.List;

/**
 * Copies the log into the comment store. Puts are idempotent, and the log commits a run only after
 * this returns, so a failed or replayed run never loses or doubles a comment.
 */
public final class Persister implements LogListener {
  private final CommentStore store;

  public Persister(CommentStore store) {
    this.store = store;
  }

  @Override
  public void onComments(List<Comment> comments) {
    store.putAll(comments);
  }
}
