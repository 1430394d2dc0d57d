package io.livecomments.store;

/** The comment store cannot answer now; history is temporarily unavailable. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
