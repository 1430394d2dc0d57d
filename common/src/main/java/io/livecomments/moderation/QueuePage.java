package io.livecomments.moderation;

import java.util.List;

/**
 * A page of the review queue, oldest first.
 *
 * @param nextCursor where the next page starts, null when there is nothing further
 */
public record QueuePage(List<QueueItem> items, String nextCursor, boolean hasMore) {
  public QueuePage {
    items = List.copyOf(items);
  }
}
