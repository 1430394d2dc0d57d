package io.livecomments.store;

/**
 * Which page of a video's history to read.
 *
 * @param direction {@link Direction#BEFORE} pages backwards (newest first), {@link Direction#AFTER}
 *     forwards (oldest first)
 * @param seq exclusive bound; {@code Long.MAX_VALUE} with {@code BEFORE} reads the newest page
 * @param limit 1 to {@value #MAX_LIMIT}
 * @param includeHidden also hidden comments (for moderators), named in {@link Page#hidden()}
 */
public record PageQuery(Direction direction, long seq, int limit, boolean includeHidden) {
  public static final int MAX_LIMIT = 100;

  public enum Direction {
    BEFORE,
    AFTER
  }

  public PageQuery {
    if (direction == null) {
      throw new IllegalArgumentException("direction is required");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
  }

  /** A page of visible comments only. */
  public PageQuery(Direction direction, long seq, int limit) {
    this(direction, seq, limit, false);
  }

  public PageQuery withHidden() {
    return new PageQuery(direction, seq, limit, true);
  }

  public static PageQuery newest(int limit) {
    return new PageQuery(Direction.BEFORE, Long.MAX_VALUE, limit);
  }
}
