package io.livecomments.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issues HS256 tokens that {@link JwtVerifier} accepts, for the demo's {@code POST /dev/token}
 * only: it signs whatever identity it is asked for, so it must never be reachable in production.
 * Thread-safe.
 */
public final class DevTokenIssuer {
  private static final JWSHeader HEADER =
      new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

  private final JWSSigner signer;
  private final TokenRules rules;
  private final InstantSource clock;

  /**
   * @param secret the shared HS256 secret, at least {@value JwtSecrets#MIN_BYTES} bytes (copied)
   * @param clock the source of {@code iat} and {@code exp}
   */
  public DevTokenIssuer(byte[] secret, InstantSource clock) {
    this(secret, TokenRules.DEFAULT, clock);
  }

  /**
   * @param secret the shared HS256 secret, at least {@value JwtSecrets#MIN_BYTES} bytes (copied)
   * @param rules the verifier's rules: tokens carry its {@code iss} and {@code aud}, if any
   * @param clock the source of {@code iat} and {@code exp}
   */
  public DevTokenIssuer(byte[] secret, TokenRules rules, InstantSource clock) {
    Objects.requireNonNull(secret, "secret");
    this.rules = Objects.requireNonNull(rules, "rules");
    if (secret.length < JwtSecrets.MIN_BYTES) {
      throw new IllegalArgumentException(
          "secret must be at least 32 bytes for HS256, got " + secret.length + " bytes");
    }
    try {
      this.signer = new MACSigner(secret.clone());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("secret rejected for HS256", e);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A compact HS256 JWT with {@code sub}, {@code name} (omitted when {@code displayName} is null),
   * {@code iat} and {@code exp = now + ttl}, times truncated to whole seconds.
   *
   * @throws IllegalArgumentException for a blank user id, a display name {@link
   *     JwtVerifier#isValidName} refuses, or a ttl that is not positive
   */
  public String issue(String userId, String displayName, Duration ttl) {
    return issue(userId, displayName, ttl, false);
  }

  /**
   * As {@link #issue(String, String, Duration)}, with {@code priority: true} when {@code priority}:
   * the author is the video's creator or staff, whose comments sampling never drops.
   */
  public String issue(String userId, String displayName, Duration ttl, boolean priority) {
    return issue(userId, displayName, ttl, priority, Set.of());
  }

  /**
   * As {@link #issue(String, String, Duration, boolean)}, with a {@code roles} claim (an array of
   * strings) when {@code roles} is not empty, e.g. {@code ["moderator"]}.
   */
  public String issue(
      String userId, String displayName, Duration ttl, boolean priority, Set<String> roles) {
    Objects.requireNonNull(roles, "roles");
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("userId must not be blank: '" + userId + "'");
    }
    if (displayName != null && !JwtVerifier.isValidName(displayName)) {
      throw new IllegalArgumentException(
          "displayName must be at most 64 characters without control or bidi characters, got "
              + displayName.codePointCount(0, displayName.length())
              + " characters");
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(userId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    if (rules.issuer() != null) {
      claims.issuer(rules.issuer());
    }
    if (rules.audience() != null) {
      claims.audience(rules.audience());
    }
    if (displayName != null) {
      claims.claim("name", displayName);
    }
    if (priority) {
      claims.claim("priority", true);
    }
    if (!roles.isEmpty()) {
      claims.claim("roles", new ArrayList<>(new TreeSet<>(roles)));
    }
    SignedJWT jwt = new SignedJWT(HEADER, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }
}
