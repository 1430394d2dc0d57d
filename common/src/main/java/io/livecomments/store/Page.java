package io.livecomments.store;

import io.livecomments.comment.Comment;
import java.util.List;

/**
 * A page of history in the query's order.
 *
 * @param hasMore whether more comments lie beyond the last one in the query's direction
 */
public record Page(List<Comment> comments, boolean hasMore) {
  public Page {
    comments = List.copyOf(comments);
  }
}
