package io.livecomments.comment;

/**
 * Cursors are the wire form of a position in a video's log: SSE event ids, {@code Last-Event-ID},
 * {@code before}/{@code after} in history pages. Clients treat them as opaque; today they are the
 * decimal {@code seq}, so every hop and every backend agrees on them without a lookup.
 */
public final class Cursor {
  private static final int MAX_LENGTH = 19;

  private Cursor() {}

  public static String encode(long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    return Long.toString(seq);
  }

  /**
   * The seq a cursor names.
   *
   * @throws IllegalArgumentException naming the bad cursor when it is not one of ours
   */
  public static long decode(String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a cursor: " + cursor);
    }
    for (int i = 0; i < cursor.length(); i++) {
      char c = cursor.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a cursor: " + cursor);
      }
    }
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor: " + cursor, e);
    }
  }
}
