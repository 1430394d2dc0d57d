package io.livecomments.store;

import io.livecomments.comment.Comment;
import java.util.List;
import java.util.Set;

/**
 * A page of history in the query's order.
 *
 * @param hasMore whether more comments lie beyond the last one in the query's direction
 * @param hidden ids of the page's comments that are hidden (only a query that includes hidden
 *     comments has any)
 */
public record Page(List<Comment> comments, boolean hasMore, Set<String> hidden) {
  public Page {
    comments = List.copyOf(comments);
    hidden = Set.copyOf(hidden);
  }

  /** A page of visible comments. */
  public Page(List<Comment> comments, boolean hasMore) {
    this(comments, hasMore, Set.of());
  }
}
