package io.livecomments.sse;

/** The stream broke a limit of the {@link SseParser}; the parser cannot continue. */
public final class SseFormatException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SseFormatException(String message) {
    super(message);
  }
}
