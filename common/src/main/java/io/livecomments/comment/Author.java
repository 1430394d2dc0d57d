package io.livecomments.comment;

/** Who wrote a comment: the token's {@code sub} and its display name ({@code name}, else the id). */
public record Author(String id, String name) {
  public Author {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("author id must not be blank");
    }
    if (name == null || name.isBlank()) {
      name = id;
    }
  }
}
