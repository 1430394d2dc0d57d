package io.livecomments.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.livecomments.comment.Author;
import io.livecomments.comment.UnicodeControls;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an {@code Authorization: Bearer <jwt>} header into the {@link Author} of a comment.
 *
 * <p>Accepts only compact JWS tokens signed with HS256 under the shared secret that carry {@code
 * sub} and {@code exp}; {@code exp}, {@code nbf} and {@code iat} are checked against the injected
 * clock with at most {@value #MAX_CLOCK_SKEW_SECONDS} s of skew ({@code iat} may not be in the
 * future), and the token may not live longer than {@link TokenRules#maxLifetime}; {@code iss} and
 * {@code aud} must match the rules when they name them.
 *
 * <p>Identity: {@code sub} must be a JSON string (a number {@code 42} is refused, so that it can
 * never be taken for the user {@code "42"}), and an optional {@code name} claim a string of at most
 * {@value #MAX_NAME_LENGTH} code points; neither may hold a character {@link
 * UnicodeControls#isUnsafeInIdentity} (controls such as LF, NUL or ESC, bidi formatting such as
 * U+202E), which would let one user's name forge log lines or show as someone else's. Everything
 * else (unsigned, encrypted or differently signed tokens, bad signatures, malformed input) is
 * refused with an {@link AuthenticationException} whose message says why in words safe to return to
 * the caller. Tokens naming a key id ({@code kid}) are refused too: the single shared secret has
 * none.
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class JwtVerifier {
  /** How far the issuer's clock may run ahead of or behind ours. */
  public static final int MAX_CLOCK_SKEW_SECONDS = 30;

  /** Most roles one token may carry. */
  public static final int MAX_ROLES = 16;

  /** Longest accepted display name, in Unicode code points. */
  public static final int MAX_NAME_LENGTH = 64;

  // Real tokens are a few hundred bytes; the cap keeps a hostile header from costing a big parse.
  private static final int MAX_TOKEN_LENGTH = 4096;
  private static final Pattern COMPACT_TOKEN = Pattern.compile("[A-Za-z0-9_\\-.]+");
  private static final String BEARER = "bearer";

  private final DefaultJWTProcessor<SecurityContext> processor;

  /**
   * @param secret the shared HS256 secret, at least {@value JwtSecrets#MIN_BYTES} bytes (copied)
   * @param clock the time {@code exp}, {@code nbf} and {@code iat} are checked against
   */
  public JwtVerifier(byte[] secret, InstantSource clock) {
    this(secret, TokenRules.DEFAULT, clock);
  }

  /**
   * @param secret the shared HS256 secret, at least {@value JwtSecrets#MIN_BYTES} bytes (copied)
   * @param rules the lifetime, issuer and audience a token must meet
   * @param clock the time {@code exp}, {@code nbf} and {@code iat} are checked against
   */
  public JwtVerifier(byte[] secret, TokenRules rules, InstantSource clock) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(clock, "clock");
    if (secret.length < JwtSecrets.MIN_BYTES) {
      throw new IllegalArgumentException(
          "secret must be at least 32 bytes for HS256, got " + secret.length + " bytes");
    }
    DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.HS256, new ImmutableSecret<>(secret.clone())));
    jwtProcessor.setJWTClaimsSetVerifier(new ClaimsVerifier(rules, clock));
    this.processor = jwtProcessor;
  }

  /**
   * The author named by a valid token.
   *
   * @param authorizationHeader the raw {@code Authorization} header value, or null when absent
   * @throws AuthenticationException when the header or token is refused
   */
  public Author verify(String authorizationHeader) {
    return identify(authorizationHeader).author();
  }

  /**
   * The author and the roles named by a valid token. A {@code roles} claim, when present, must be
   * an array of at most {@value #MAX_ROLES} strings, else the token is refused.
   *
   * @param authorizationHeader the raw {@code Authorization} header value, or null when absent
   * @throws AuthenticationException when the header or token is refused
   */
  public Identity identify(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new AuthenticationException("malformed token");
    }
    if (jwt instanceof PlainJWT) {
      throw new AuthenticationException("unsigned tokens are not accepted");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT)) {
      throw new AuthenticationException("token must be signed with HS256");
    }
    SignedJWT signed = (SignedJWT) jwt;
    if (!JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
      throw new AuthenticationException("token must be signed with HS256");
    }
    if (signed.getHeader().getKeyID() != null) {
      // The key selector would find no key for it (our one secret has no id) and say so vaguely.
      throw new AuthenticationException("token names an unknown key (kid)");
    }
    try {
      // Parsed up front so that a claims failure from the processor below can only mean the
      // signature was already good and the claims themselves were refused.
      signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AuthenticationException("malformed token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (BadJWSException e) {
      throw new AuthenticationException("invalid token signature");
    } catch (ExpiredJWTException e) {
      throw new AuthenticationException("token has expired");
    } catch (ClaimRejected e) {
      throw new AuthenticationException(e.getMessage());
    } catch (BadJWTException e) {
      // The remaining check of DefaultJWTClaimsVerifier once sub and exp are present is nbf.
      throw new AuthenticationException("token is not valid yet");
    } catch (BadJOSEException | JOSEException e) {
      throw new AuthenticationException("token rejected");
    }
    // The library turns a numeric sub into its string: only the payload as signed tells them apart.
    if (!(signed.getPayload().toJSONObject().get("sub") instanceof String)) {
      throw new AuthenticationException("token subject (sub) must be a string");
    }
    Author author =
        new Author(
            claims.getSubject(),
            (String) claims.getClaim("name"),
            Boolean.TRUE.equals(claims.getClaim("priority")));
    return new Identity(author, roles(claims.getClaim("roles")));
  }

  /** The roles of a claim {@link ClaimsVerifier} has checked: absent or a list of strings. */
  private static Set<String> roles(Object claim) {
    Set<String> roles = new HashSet<>();
    if (claim instanceof List<?> list) {
      list.forEach(role -> roles.add((String) role));
    }
    return roles;
  }

  /**
   * Whether {@code name} may be a display name: at most {@value #MAX_NAME_LENGTH} code points, none
   * of them {@link UnicodeControls#isUnsafeInIdentity}.
   */
  public static boolean isValidName(String name) {
    return isShortEnough(name) && !UnicodeControls.hasUnsafeInIdentity(name);
  }

  private static boolean isShortEnough(String name) {
    return name.codePointCount(0, name.length()) <= MAX_NAME_LENGTH;
  }

  private static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw new AuthenticationException("missing Authorization header");
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw new AuthenticationException("Authorization header is not a Bearer token");
    }
    String token = value.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new AuthenticationException("Authorization header is not a Bearer token");
    }
    if (token.length() > MAX_TOKEN_LENGTH || !COMPACT_TOKEN.matcher(token).matches()) {
      throw new AuthenticationException("malformed token");
    }
    return token;
  }

  /** A claim refused by our own checks; its message is the caller-facing reason. */
  private static final class ClaimRejected extends BadJWTException {
    ClaimRejected(String reason) {
      super(reason);
    }
  }

  /**
   * Requires {@code sub} and {@code exp}, validates the identity claims, the lifetime, {@code iat},
   * {@code iss} and {@code aud}, then lets the library check {@code exp}/{@code nbf} against the
   * injected clock.
   */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final TokenRules rules;
    private final InstantSource clock;

    ClaimsVerifier(TokenRules rules, InstantSource clock) {
      super(null, Set.of("sub", "exp"));
      this.rules = rules;
      this.clock = clock;
      setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      requireIdentity(claims);
      requireRoles(claims);
      requireLifetime(claims);
      requireIssuerAndAudience(claims);
      super.verify(claims, context);
    }

    private static void requireIdentity(JWTClaimsSet claims) throws ClaimRejected {
      String subject = claims.getSubject();
      if (subject == null || subject.isBlank()) {
        throw new ClaimRejected("token has no subject (sub)");
      }
      if (UnicodeControls.hasUnsafeInIdentity(subject)) {
        throw new ClaimRejected("token subject (sub) holds control or bidi characters");
      }
      Object name = claims.getClaim("name");
      if (name != null && !(name instanceof String && isShortEnough((String) name))) {
        throw new ClaimRejected("token name claim must be a string of at most 64 characters");
      }
      if (name != null && UnicodeControls.hasUnsafeInIdentity((String) name)) {
        throw new ClaimRejected("token name holds control or bidi characters");
      }
    }

    private void requireLifetime(JWTClaimsSet claims) throws ClaimRejected {
      Date expiry = claims.getExpirationTime();
      if (expiry == null) {
        throw new ClaimRejected("token has no expiry (exp)");
      }
      Instant now = clock.instant();
      Duration skew = Duration.ofSeconds(MAX_CLOCK_SKEW_SECONDS);
      Date issued = claims.getIssueTime();
      if (issued != null && issued.toInstant().isAfter(now.plus(skew))) {
        throw new ClaimRejected("token is issued in the future (iat)");
      }
      // exp - iat is on the issuer's clock alone; without iat the token lives at least from now
      // (on ours, give or take the skew) until exp.
      Duration lifetime =
          issued == null
              ? Duration.between(now.plus(skew), expiry.toInstant())
              : Duration.between(issued.toInstant(), expiry.toInstant());
      if (lifetime.compareTo(rules.maxLifetime()) > 0) {
        throw new ClaimRejected(
            "token lives longer than the "
                + rules.maxLifetime().toSeconds()
                + " s allowed (exp - iat)");
      }
    }

    private void requireIssuerAndAudience(JWTClaimsSet claims) throws ClaimRejected {
      if (rules.issuer() != null && !rules.issuer().equals(claims.getIssuer())) {
        throw new ClaimRejected("token is not from the expected issuer (iss)");
      }
      List<String> audience = claims.getAudience();
      if (rules.audience() != null && (audience == null || !audience.contains(rules.audience()))) {
        throw new ClaimRejected("token is not meant for this service (aud)");
      }
    }

    private static void requireRoles(JWTClaimsSet claims) throws ClaimRejected {
      Object roles = claims.getClaim("roles");
      if (roles != null
          && !(roles instanceof List<?> list
              && list.size() <= MAX_ROLES
              && list.stream().allMatch(role -> role instanceof String))) {
        throw new ClaimRejected("token roles claim must be an array of at most 16 strings");
      }
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
