package io.livecomments.sse;

/**
 * Receives what an {@link SseParser} reads, on the thread that feeds the parser, in stream order.
 * An exception thrown here propagates out of {@code feed} and leaves the parser unusable.
 */
public interface SseListener {
  void onEvent(SseEvent event);

  /**
   * A comment line ({@code :text}), e.g. a heartbeat; {@code text} is what follows the colon, one
   * leading space removed.
   */
  default void onComment(String text) {}

  /** A valid {@code retry} field: the reconnection delay the server asks for. */
  default void onRetry(long millis) {}
}
