package io.livecomments.auth;

import io.livecomments.comment.Author;
import java.util.Objects;
import java.util.Set;

/**
 * Who a verified token names: the author of what they post, and their roles (the token's {@code
 * roles} claim, an array of strings; empty without it).
 */
public record Identity(Author author, Set<String> roles) {
  /** The role that grants the moderation routes. */
  public static final String MODERATOR = "moderator";

  public Identity {
    Objects.requireNonNull(author, "author");
    roles = Set.copyOf(roles);
  }

  public boolean isModerator() {
    return roles.contains(MODERATOR);
  }
}
