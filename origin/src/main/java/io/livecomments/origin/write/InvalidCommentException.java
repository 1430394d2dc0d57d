package io.livecomments.origin.write;

/**
 * A comment that breaks a rule; the reason is a stable kebab-case code, the detail is for people.
 */
public final class InvalidCommentException extends RuntimeException {
  private final String reason;

  public InvalidCommentException(String reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
