package io.livecomments.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livecomments.comment.Author;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  private static final byte[] SECRET =
      "test-secret-that-is-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;
  private final JwtVerifier verifier = new JwtVerifier(SECRET, clock);
  private final DevTokenIssuer issuer = new DevTokenIssuer(SECRET, clock);

  @Test
  void acceptsValidTokenAndReadsSubAndName() {
    String token = issuer.issue("user-1", "Ada", Duration.ofMinutes(5));

    assertThat(verifier.verify("Bearer " + token)).isEqualTo(new Author("user-1", "Ada"));
  }

  @Test
  void aPriorityClaimMarksTheCreatorAndNothingElseDoes() {
    String creator = issuer.issue("user-1", "Ada", Duration.ofMinutes(5), true);
    String viewer = issuer.issue("user-2", "Bo", Duration.ofMinutes(5), false);

    assertThat(verifier.verify("Bearer " + creator).priority()).isTrue();
    assertThat(verifier.verify("Bearer " + viewer).priority()).isFalse();
  }

  @Test
  void nameFallsBackToSubjectWhenAbsent() {
    String token = issuer.issue("user-1", null, Duration.ofMinutes(5));

    assertThat(verifier.verify("Bearer " + token)).isEqualTo(new Author("user-1", "user-1"));
  }

  @Test
  void schemeIsCaseInsensitive() {
    String token = issuer.issue("user-1", "Ada", Duration.ofMinutes(5));

    assertThat(verifier.verify("bearer " + token).id()).isEqualTo("user-1");
  }

  @Test
  void tokenIsValidUntilExpiryPlusSkewByTheInjectedClock() {
    String token = issuer.issue("user-1", "Ada", Duration.ofMinutes(5));

    Instant expiry = T0.plus(Duration.ofMinutes(5));
    now.set(expiry.plusSeconds(JwtVerifier.MAX_CLOCK_SKEW_SECONDS - 1));
    assertThat(verifier.verify("Bearer " + token).id()).isEqualTo("user-1");

    // RFC 7519: the token is expired once now reaches exp (here exp plus the allowed skew).
    now.set(expiry.plusSeconds(JwtVerifier.MAX_CLOCK_SKEW_SECONDS));
    assertRejected("Bearer " + token, "token has expired");
  }

  @Test
  void rejectsExpiredToken() {
    String token = issuer.issue("user-1", "Ada", Duration.ofSeconds(10));
    now.set(T0.plus(Duration.ofHours(1)));

    assertRejected("Bearer " + token, "token has expired");
  }

  @Test
  void rejectsTokenBeforeItsNotBeforeTime() throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("user-1")
            .notBeforeTime(Date.from(T0.plusSeconds(120)))
            .expirationTime(Date.from(T0.plusSeconds(600)))
            .build();

    assertRejected("Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims), "token is not valid yet");
  }

  @Test
  void rejectsUnsignedToken() {
    String header = base64Url("{\"alg\":\"none\"}");
    String payload =
        base64Url("{\"sub\":\"user-1\",\"exp\":" + T0.plusSeconds(600).getEpochSecond() + "}");

    assertRejected("Bearer " + header + "." + payload + ".", "unsigned tokens are not accepted");
  }

  @Test
  void rejectsTokenSignedWithAnotherKey() throws JOSEException {
    byte[] otherKey = new byte[32];
    Arrays.fill(otherKey, (byte) 7);

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, otherKey, validClaims()), "invalid token signature");
  }

  @Test
  void rolesComeFromTheRolesClaimAndATokenWithoutThemHasNone() {
    String moderator =
        issuer.issue("mod-1", "Mo", Duration.ofMinutes(5), false, Set.of("moderator"));
    String viewer = issuer.issue("user-2", "Bo", Duration.ofMinutes(5));

    Identity mod = verifier.identify("Bearer " + moderator);
    assertThat(mod.roles()).containsExactly("moderator");
    assertThat(mod.isModerator()).isTrue();
    assertThat(mod.author()).isEqualTo(new Author("mod-1", "Mo"));
    assertThat(verifier.identify("Bearer " + viewer).roles()).isEmpty();
  }

  @Test
  void aRolesClaimThatIsNotAnArrayOfStringsIsRefused() throws JOSEException {
    JWTClaimsSet notAnArray =
        new JWTClaimsSet.Builder(validClaims()).claim("roles", "moderator").build();
    JWTClaimsSet notStrings =
        new JWTClaimsSet.Builder(validClaims()).claim("roles", List.of(1, 2)).build();

    for (JWTClaimsSet claims : List.of(notAnArray, notStrings)) {
      assertThatThrownBy(
              () -> verifier.identify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims)))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("token roles claim must be an array of at most 16 strings");
    }
  }

  @Test
  void aForgedModeratorRoleSignedWithAnotherKeyIsRefused() throws JOSEException {
    byte[] otherKey = new byte[32];
    Arrays.fill(otherKey, (byte) 9);
    JWTClaimsSet forged =
        new JWTClaimsSet.Builder(validClaims()).claim("roles", List.of("moderator")).build();

    assertThatThrownBy(
            () -> verifier.identify("Bearer " + sign(JWSAlgorithm.HS256, otherKey, forged)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid token signature");
  }

  @Test
  void rejectsTamperedPayload() {
    String[] parts = issuer.issue("user-1", "Ada", Duration.ofMinutes(5)).split("\\.");
    String forged =
        base64Url("{\"sub\":\"admin\",\"exp\":" + T0.plusSeconds(600).getEpochSecond() + "}");

    assertRejected("Bearer " + parts[0] + "." + forged + "." + parts[2], "invalid token signature");
  }

  @Test
  void rejectsHs512EvenWithTheSameSecretMaterial() throws JOSEException {
    byte[] longSecret = Arrays.copyOf(SECRET, 64);

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS512, longSecret, validClaims()),
        "token must be signed with HS256");
  }

  @Test
  void rejectsRs256WithoutTryingToVerifyIt() {
    // Refused on its header alone, so a made-up signature is as good as a real one.
    String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String payload = validClaims().toPayload().toBase64URL().toString();
    String signature = Base64URL.encode(new byte[256]).toString();

    assertRejected(
        "Bearer " + header + "." + payload + "." + signature, "token must be signed with HS256");
  }

  @Test
  void rejectsTokenNamingAKeyIdBecauseTheSharedSecretHasNone() throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), validClaims());
    jwt.sign(new MACSigner(SECRET));

    assertRejected("Bearer " + jwt.serialize(), "token names an unknown key (kid)");
  }

  @Test
  void rejectsMissingSub() throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder().expirationTime(Date.from(T0.plusSeconds(600))).build();

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims), "token has no subject (sub)");
  }

  @Test
  void rejectsBlankSub() throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(" ")
            .expirationTime(Date.from(T0.plusSeconds(600)))
            .build();

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims), "token has no subject (sub)");
  }

  @Test
  void rejectsMissingExp() throws JOSEException {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-1").build();

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims), "token has no expiry (exp)");
  }

  @Test
  void rejectsNameThatIsNotAString() throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(validClaims()).claim("name", java.util.List.of("x")).build();

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, claims),
        "token name claim must be a string of at most 64 characters");
  }

  @Test
  void rejectsNameLongerThan64CodePointsButCountsEmojiOnce() throws JOSEException {
    String emoji64 = "\uD83D\uDE00".repeat(64);
    JWTClaimsSet ok = new JWTClaimsSet.Builder(validClaims()).claim("name", emoji64).build();
    JWTClaimsSet tooLong =
        new JWTClaimsSet.Builder(validClaims()).claim("name", "a".repeat(65)).build();

    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, ok)).name())
        .isEqualTo(emoji64);
    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, tooLong),
        "token name claim must be a string of at most 64 characters");
  }

  @Test
  void rejectsControlAndBidiCharactersInSubAndName() throws JOSEException {
    for (String bad :
        List.of(
            "a\nb",
            "a\u0000b",
            "a\u001b[31mb",
            "a\u0085b",
            "a\u007fb",
            "\u202Egnp.exe",
            "a\u202Ab",
            "a\u2066b\u2069",
            "a\u2028b",
            "a\u200Fb")) {
      JWTClaimsSet badSub = new JWTClaimsSet.Builder(validClaims()).subject(bad).build();
      JWTClaimsSet badName = new JWTClaimsSet.Builder(validClaims()).claim("name", bad).build();

      assertRejected(
          "Bearer " + sign(JWSAlgorithm.HS256, SECRET, badSub),
          "token subject (sub) holds control or bidi characters");
      assertRejected(
          "Bearer " + sign(JWSAlgorithm.HS256, SECRET, badName),
          "token name holds control or bidi characters");
    }
    JWTClaimsSet arabic =
        new JWTClaimsSet.Builder(validClaims())
            .claim("name", "\u0645\u0631\u062D\u0628\u0627 🎉")
            .build();
    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, arabic)).name())
        .isEqualTo("\u0645\u0631\u062D\u0628\u0627 🎉");
  }

  @Test
  void aNumericSubIsRefusedRatherThanTakenForItsString() throws JOSEException {
    JWTClaimsSet numeric =
        new JWTClaimsSet.Builder()
            .claim("sub", 42)
            .expirationTime(Date.from(T0.plusSeconds(600)))
            .build();
    JWTClaimsSet string = new JWTClaimsSet.Builder(numeric).subject("42").build();

    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, numeric),
        "token subject (sub) must be a string");
    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, string)).id())
        .isEqualTo("42");
  }

  @Test
  void aTokenMayNotLiveLongerThanTheMaximumLifetime() throws JOSEException {
    Duration max = TokenRules.DEFAULT.maxLifetime();
    JWTClaimsSet day = lifetime(T0, T0.plus(max));
    JWTClaimsSet dayAndASecond = lifetime(T0, T0.plus(max).plusSeconds(1));
    JWTClaimsSet tenYears = lifetime(T0, T0.plus(Duration.ofDays(3650)));

    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, day)).id())
        .isEqualTo("user-1");
    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, dayAndASecond),
        "token lives longer than the 86400 s allowed (exp - iat)");
    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, tenYears),
        "token lives longer than the 86400 s allowed (exp - iat)");
  }

  @Test
  void withoutIatTheExpiryMayNotBeFurtherAheadThanTheMaximumLifetime() throws JOSEException {
    JWTClaimsSet near = lifetime(null, T0.plus(Duration.ofHours(23)));
    JWTClaimsSet far = lifetime(null, T0.plus(Duration.ofHours(25)));

    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, near)).id())
        .isEqualTo("user-1");
    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, far),
        "token lives longer than the 86400 s allowed (exp - iat)");
  }

  @Test
  void aShorterMaximumLifetimeIsEnforced() throws JOSEException {
    JwtVerifier strict =
        new JwtVerifier(SECRET, TokenRules.DEFAULT.withMaxLifetime(Duration.ofMinutes(10)), clock);

    assertThatThrownBy(
            () ->
                strict.verify(
                    "Bearer "
                        + sign(JWSAlgorithm.HS256, SECRET, lifetime(T0, T0.plusSeconds(601)))))
        .hasMessage("token lives longer than the 600 s allowed (exp - iat)");
    assertThat(
            strict
                .verify(
                    "Bearer " + sign(JWSAlgorithm.HS256, SECRET, lifetime(T0, T0.plusSeconds(600))))
                .id())
        .isEqualTo("user-1");
  }

  @Test
  void iatInTheFutureBeyondTheSkewIsRefused() throws JOSEException {
    Instant skewed = T0.plusSeconds(JwtVerifier.MAX_CLOCK_SKEW_SECONDS);
    Instant ahead = skewed.plusSeconds(1);

    assertThat(
            verifier
                .verify(
                    "Bearer "
                        + sign(
                            JWSAlgorithm.HS256, SECRET, lifetime(skewed, skewed.plusSeconds(60))))
                .id())
        .isEqualTo("user-1");
    assertRejected(
        "Bearer " + sign(JWSAlgorithm.HS256, SECRET, lifetime(ahead, ahead.plusSeconds(60))),
        "token is issued in the future (iat)");
  }

  @Test
  void issuerAndAudienceAreEnforcedWhenSet() throws JOSEException {
    JwtVerifier strict =
        new JwtVerifier(
            SECRET,
            TokenRules.DEFAULT.withIssuer("https://id.example").withAudience("live-comments"),
            clock);
    JWTClaimsSet good =
        new JWTClaimsSet.Builder(validClaims())
            .issuer("https://id.example")
            .audience(List.of("other", "live-comments"))
            .build();

    assertThat(strict.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, good)).id())
        .isEqualTo("user-1");
    assertThat(
            strict
                .verify(
                    "Bearer "
                        + sign(
                            JWSAlgorithm.HS256,
                            SECRET,
                            new JWTClaimsSet.Builder(good).audience("live-comments").build()))
                .id())
        .isEqualTo("user-1");
    for (JWTClaimsSet badIssuer :
        List.of(
            new JWTClaimsSet.Builder(good).issuer(null).build(),
            new JWTClaimsSet.Builder(good).issuer("https://evil.example").build())) {
      assertThatThrownBy(
              () -> strict.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, badIssuer)))
          .hasMessage("token is not from the expected issuer (iss)");
    }
    for (JWTClaimsSet badAudience :
        List.of(
            new JWTClaimsSet.Builder(good).audience((String) null).build(),
            new JWTClaimsSet.Builder(good).audience("other").build())) {
      assertThatThrownBy(
              () -> strict.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, badAudience)))
          .hasMessage("token is not meant for this service (aud)");
    }
    // Unset, neither is looked at.
    assertThat(verifier.verify("Bearer " + sign(JWSAlgorithm.HS256, SECRET, validClaims())).id())
        .isEqualTo("user-1");
  }

  @Test
  void rejectsGarbage() {
    assertRejected("Bearer not-a-token", "malformed token");
    assertRejected("Bearer a.b.c", "malformed token");
    assertRejected("Bearer " + base64Url("{}") + "." + base64Url("{}") + ".x", "malformed token");
    assertRejected("Bearer \u00e9t\u00e9.x.y", "malformed token");
    assertRejected("Bearer " + "a".repeat(5000), "malformed token");
  }

  @Test
  void rejectsMissingHeader() {
    assertRejected(null, "missing Authorization header");
    assertRejected("  ", "missing Authorization header");
  }

  @Test
  void rejectsOtherSchemes() {
    String token = issuer.issue("user-1", "Ada", Duration.ofMinutes(5));

    assertRejected(token, "Authorization header is not a Bearer token");
    assertRejected("Basic dXNlcjpwYXNz", "Authorization header is not a Bearer token");
    assertRejected("Bearer ", "Authorization header is not a Bearer token");
    assertRejected("Bearertoken", "Authorization header is not a Bearer token");
  }

  @Test
  void messagesNeverEchoTheToken() {
    String token = issuer.issue("user-1", "Ada", Duration.ofSeconds(1));
    now.set(T0.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> verifier.verify("Bearer " + token))
        .isInstanceOf(AuthenticationException.class)
        .message()
        .doesNotContain(token.substring(0, 10))
        .doesNotContain("user-1");
  }

  @Test
  void refusesShortSecrets() {
    assertThatThrownBy(() -> new JwtVerifier(new byte[31], clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31 bytes");
  }

  private void assertRejected(String header, String reason) {
    assertThatThrownBy(() -> verifier.verify(header))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage(reason);
  }

  private static JWTClaimsSet validClaims() {
    return new JWTClaimsSet.Builder()
        .subject("user-1")
        .expirationTime(Date.from(T0.plusSeconds(600)))
        .build();
  }

  private static JWTClaimsSet lifetime(Instant issued, Instant expiry) {
    return new JWTClaimsSet.Builder()
        .subject("user-1")
        .issueTime(issued == null ? null : Date.from(issued))
        .expirationTime(Date.from(expiry))
        .build();
  }

  private static String sign(JWSAlgorithm algorithm, byte[] key, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    jwt.sign(new MACSigner(key));
    return jwt.serialize();
  }

  private static String base64Url(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
