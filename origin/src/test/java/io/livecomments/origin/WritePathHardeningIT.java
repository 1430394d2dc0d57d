package io.livecomments.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livecomments.comment.Comment;
import io.livecomments.json.CommentJson;
import io.livecomments.ratelimit.RateLimit;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an attacker and a careless client found on the write path, over real sockets: client aborts
 * counted as our errors, idempotency keys reused across videos and texts, identities with control
 * and bidi characters or endless lifetimes, bidi spoofing in text, lenient JSON, and a 429 whose
 * words and header disagree.
 */
class WritePathHardeningIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern REJECTED =
      Pattern.compile("lc_comments_rejected_total\\{reason=\"([a-z-]+)\"} ([0-9.]+)");
  private static RunningOrigin origin;
  private final CommentJson json = new CommentJson();
  private final String video = "hard-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.parse("5/10s"));
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  @Test
  void aClientThatLeavesMidBodyIsCountedAsClientAbortedNotAsOurError() throws Exception {
    double before = rejected("client-aborted");
    String token = "Bearer " + origin.token(user());
    for (boolean reset : new boolean[] {false, true}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), origin.base().getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/videos/"
                    + video
                    + "/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"text\":\"half")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (reset) {
          socket.setSoLinger(true, 0);
        }
      }
    }

    await("both aborts counted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> rejected("client-aborted") >= before + 2);
    assertThat(rejected("internal-error")).isZero();
  }

  @Test
  void anIdempotencyKeyStandsForOneCommentOnOneVideo() throws Exception {
    String token = "Bearer " + origin.token(user());
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = post(video, token, key, "{\"text\":\"first\"}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    Comment comment = json.readComment(first.body());

    assertProblem(post(video, token, key, "{\"text\":\"changed\"}"), 422, "idempotency-key-reused");
    HttpResponse<String> otherVideo = post(video + "-b", token, key, "{\"text\":\"first\"}");
    assertProblem(otherVideo, 422, "idempotency-key-reused");
    assertThat(otherVideo.body()).doesNotContain(comment.id());
    HttpResponse<String> retry = post(video, token, key, "{\"text\":\"  first \"}");
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(json.readComment(retry.body())).isEqualTo(comment);
    String otherUser = "Bearer " + origin.token(user());
    HttpResponse<String> theirs = post(video + "-b", otherUser, key, "{\"text\":\"mine\"}");
    assertThat(theirs.statusCode()).as("keys are per user").isEqualTo(201);
  }

  @Test
  void identitiesWithControlOrBidiCharactersAre401() throws Exception {
    for (JWTClaimsSet claims :
        new JWTClaimsSet[] {
          claims("eve\nINFO forged log line", "Eve"),
          claims("eve\u0000", "Eve"),
          claims("eve", "\u001b[2J"),
          claims("eve", "\u202Enimda"),
          claims("eve", "Eve\u2066"),
        }) {
      assertProblem(post(video, "Bearer " + sign(claims), null, "{\"text\":\"x\"}"), 401, null);
    }
    JWTClaimsSet numericSub = new JWTClaimsSet.Builder(claims("x", "Num")).claim("sub", 42).build();
    assertProblem(post(video, "Bearer " + sign(numericSub), null, "{\"text\":\"x\"}"), 401, null);
  }

  @Test
  void tokensThatLiveTooLongOrComeFromTheFutureAre401() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet tenYears =
        new JWTClaimsSet.Builder(claims("eve", "Eve"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofDays(3650))))
            .build();
    JWTClaimsSet noIatFarAhead =
        new JWTClaimsSet.Builder(claims("eve", "Eve"))
            .expirationTime(Date.from(now.plus(Duration.ofDays(30))))
            .build();
    JWTClaimsSet future =
        new JWTClaimsSet.Builder(claims("eve", "Eve"))
            .issueTime(Date.from(now.plus(Duration.ofHours(1))))
            .expirationTime(Date.from(now.plus(Duration.ofHours(2))))
            .build();
    for (JWTClaimsSet claims : new JWTClaimsSet[] {tenYears, noIatFarAhead, future}) {
      assertProblem(
          post(video, "Bearer " + sign(claims), null, "{\"text\":\"x\"}"), 401, "invalid-token");
    }
  }

  @Test
  void bidiControlsInTextAreStrippedBeforeTheCommentIsStored() throws Exception {
    HttpResponse<String> response =
        post(video, "Bearer " + origin.token(user()), null, "{\"text\":\"\\u202Egnp.exe\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(json.readComment(response.body()).text()).isEqualTo("gnp.exe");
  }

  @Test
  void trailingDataConcatenatedObjectsAndDuplicateKeysAre400() throws Exception {
    String token = "Bearer " + origin.token(user());
    assertProblem(
        post(video, token, null, "{\"text\":\"a\"}{\"text\":\"b\"}"), 400, "trailing-data");
    assertProblem(post(video, token, null, "{\"text\":\"a\"} x"), 400, "trailing-data");
    assertProblem(
        post(video, token, null, "{\"text\":\"a\",\"text\":\"b\"}"), 400, "duplicate-json-key");
  }

  @Test
  void theRateLimitDetailAndRetryAfterNameTheSameSeconds() throws Exception {
    String token = "Bearer " + origin.token(user());
    HttpResponse<String> limited = null;
    for (int i = 0; i < 6; i++) {
      limited = post(video, token, null, "{\"text\":\"n" + i + "\"}");
    }

    assertProblem(limited, 429, "rate-limited");
    String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
    assertThat(limited.body()).contains("retry in " + retryAfter + " s");
  }

  private static double rejected(String reason) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(origin.base().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = REJECTED.matcher(metrics);
    while (m.find()) {
      if (m.group(1).equals(reason)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static JWTClaimsSet claims(String sub, String name) {
    return new JWTClaimsSet.Builder()
        .subject(sub)
        .claim("name", name)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .build();
  }

  private static String sign(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(RunningOrigin.SECRET));
    return jwt.serialize();
  }

  private static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> post(
      String video, String authorization, String idempotencyKey, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin.base() + "/v1/videos/" + video + "/comments"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    if (reason != null) {
      assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
    }
  }
}
