package io.livecomments.relay.upstream;

/** The upstream stream failed or answered something other than a stream. */
public final class UpstreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UpstreamException(String message) {
    super(message);
  }
}
