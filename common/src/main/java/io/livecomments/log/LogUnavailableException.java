package io.livecomments.log;

/** The log cannot accept a comment now (down, slow past its bound, or full); retry later. */
public final class LogUnavailableException extends RuntimeException {
  public LogUnavailableException(String message) {
    super(message);
  }

  public LogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
