package io.livecomments.comment;

/**
 * Who wrote a comment: the token's {@code sub} and its display name ({@code name}, else the id).
 *
 * @param priority the token marks the author as the video's creator or staff ({@code priority:
 *     true}): a hop that samples a hot video never drops their comments
 */
public record Author(String id, String name, boolean priority) {
  public Author {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("author id must not be blank");
    }
    if (name == null || name.isBlank()) {
      name = id;
    }
  }

  /** An ordinary viewer. */
  public Author(String id, String name) {
    this(id, name, false);
  }
}
