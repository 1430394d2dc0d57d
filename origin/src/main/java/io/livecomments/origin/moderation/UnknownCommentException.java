package io.livecomments.origin.moderation;

/** The comment a report or a decision names is neither in the recent window nor in history. */
public final class UnknownCommentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownCommentException(String commentId) {
    super("no comment " + commentId + " in this video");
  }
}
