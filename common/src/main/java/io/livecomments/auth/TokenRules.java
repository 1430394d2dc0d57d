package io.livecomments.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * What a token must meet beyond its signature: how long it may live, and, when set, whom it must
 * come from and be meant for.
 *
 * @param maxLifetime the longest {@code exp - iat} accepted; a token without {@code iat} may not
 *     expire further than this ahead of now. Refuses year-long tokens that a leak would keep valid.
 * @param issuer the {@code iss} every token must carry, or null to accept any
 * @param audience a value the token's {@code aud} must hold (a string or an array of strings), or
 *     null to accept any
 */
public record TokenRules(Duration maxLifetime, String issuer, String audience) {
  /** A day at most; any issuer and audience. */
  public static final TokenRules DEFAULT = new TokenRules(Duration.ofHours(24), null, null);

  public TokenRules {
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    if (maxLifetime.getSeconds() < 1) {
      throw new IllegalArgumentException("maxLifetime must be at least 1 s: " + maxLifetime);
    }
    issuer = blankToNull("issuer", issuer);
    audience = blankToNull("audience", audience);
  }

  public TokenRules withMaxLifetime(Duration value) {
    return new TokenRules(value, issuer, audience);
  }

  public TokenRules withIssuer(String value) {
    return new TokenRules(maxLifetime, value, audience);
  }

  public TokenRules withAudience(String value) {
    return new TokenRules(maxLifetime, issuer, value);
  }

  private static String blankToNull(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.isBlank() || !value.strip().equals(value)) {
      throw new IllegalArgumentException(
          name + " must not have surrounding spaces: '" + value + "'");
    }
    return value;
  }
}
