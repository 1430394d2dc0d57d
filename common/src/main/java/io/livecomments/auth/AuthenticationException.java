package io.livecomments.auth;

/**
 * A request's credentials were refused. The message is a short human-readable reason that is safe
 * to show the caller (for example "token has expired"); it never carries key material, token
 * contents or library internals.
 */
public final class AuthenticationException extends RuntimeException {
  public AuthenticationException(String reason) {
    // No stack trace: this is an expected outcome on a hot path, not a bug to debug.
    super(reason, null, false, false);
  }
}
