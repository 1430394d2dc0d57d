package io.livecomments.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.comment.Comment;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.json.CommentJson;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The comment API over HTTP: every error a commenter can meet, idempotency, paging, health. */
class OriginApiIT {
  private static RunningOrigin origin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final CommentJson json = new CommentJson();
  private final String video = "api-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.parse("5/10s"));
  }

  @AfterAll
  static void stop() throws Exception {
    origin.close();
  }

  @Test
  void aValidPostIsAcknowledgedWithTheComment() throws Exception {
    HttpResponse<String> response =
        post(video, bearer(user()), "application/json", "{\"text\":\"  hello  \"}");

    assertThat(response.statusCode()).isEqualTo(201);
    Comment comment = json.readComment(response.body());
    assertThat(comment.text()).isEqualTo("hello");
    assertThat(comment.videoId().value()).isEqualTo(video);
    assertThat(comment.seq()).isPositive();
    assertThat(comment.id()).isNotBlank();
    assertThat(comment.createdAt())
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
  }

  @Test
  void seqIsStrictlyIncreasingPerVideo() throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seqs.add(
          json.readComment(
                  post(video, bearer(user()), "application/json", "{\"text\":\"n\"}").body())
              .seq());
    }
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void badVideoIdsAreRefusedBeforeAnythingElse() throws Exception {
    for (String bad : List.of("has.dot", "x".repeat(65), "%20space")) {
      assertProblem(post(bad, null, "text/plain", "junk"), 400, "invalid-video-id");
    }
  }

  @Test
  void missingForgedExpiredAndUnsignedTokensAre401() throws Exception {
    String other =
        new DevTokenIssuer(
                "another-secret-another-secret-12345".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())
            .issue("mallory", "M", Duration.ofMinutes(5));
    String expired =
        new DevTokenIssuer(
                RunningOrigin.SECRET,
                Clock.fixed(Instant.now().minusSeconds(3600), java.time.ZoneOffset.UTC))
            .issue("late", "L", Duration.ofMinutes(5));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned =
        b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                ("{\"sub\":\"eve\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                    .getBytes(StandardCharsets.UTF_8))
            + ".";
    List<String> headers =
        new ArrayList<>(
            List.of(
                "Bearer " + other,
                "Bearer " + expired,
                "Bearer " + unsigned,
                "Bearer garbage",
                "Basic dXNlcjpwYXNz"));
    headers.add(null);
    for (String header : headers) {
      HttpResponse<String> response = post(video, header, "application/json", "{\"text\":\"hi\"}");
      assertProblem(response, 401, "invalid-token");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
  }

  @Test
  void badBodiesAre400WithAReason() throws Exception {
    String token = bearer(user());
    assertProblem(post(video, token, "application/json", "{\"text\": \"   \"}"), 400, "text-empty");
    assertProblem(
        post(video, token, "application/json", "{\"text\": \"" + "é".repeat(501) + "\"}"),
        400,
        "text-too-long");
    assertProblem(post(video, token, "application/json", "{\"text\": 42}"), 400, "text-missing");
    assertProblem(post(video, token, "application/json", "[\"text\"]"), 400, "invalid-json");
    assertProblem(post(video, token, "application/json", "{\"text\": "), 400, "invalid-json");
    HttpResponse<String> invalidUtf8 =
        send(
            HttpRequest.newBuilder(comments(video))
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {
                          '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}'
                        })));
    assertProblem(invalidUtf8, 400, "invalid-utf-8");
  }

  @Test
  void fiveHundredCharactersCountedAsPeopleCountThemAreAccepted() throws Exception {
    HttpResponse<String> response =
        post(
            video, bearer(user()), "application/json", CommentApiClient.jsonBody("🎉".repeat(500)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  @Test
  void wrongMediaTypeIs415AndOversizeBodyIs413() throws Exception {
    String token = bearer(user());
    assertProblem(post(video, token, "text/plain", "{\"text\":\"hi\"}"), 415, null);
    assertProblem(
        post(video, token, "application/json", "{\"text\":\"" + "a".repeat(9000) + "\"}"),
        413,
        null);
  }

  @Test
  void theSixthCommentInTenSecondsIsRateLimitedWithRetryAfter() throws Exception {
    String token = bearer(user());
    for (int i = 0; i < 5; i++) {
      assertThat(post(video, token, "application/json", "{\"text\":\"ok\"}").statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> limited =
        post(video, token, "application/json", "{\"text\":\"one too many\"}");

    assertProblem(limited, 429, "rate-limited");
    assertThat(limited.headers().firstValue("Retry-After").map(Integer::parseInt))
        .hasValueSatisfying(s -> assertThat(s).isBetween(1, 10));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyReturnsTheFirstCommentEvenConcurrently() throws Exception {
    String token = bearer(user());
    String key = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(
            pool.submit(
                () ->
                    send(
                        HttpRequest.newBuilder(comments(video))
                            .header("Authorization", token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"once\"}")))));
      }
      Set<String> ids = new HashSet<>();
      for (Future<HttpResponse<String>> reply : replies) {
        assertThat(reply.get().statusCode()).isEqualTo(201);
        ids.add(json.readComment(reply.get().body()).id());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    // Eight posts, one comment, one token spent: four more fit under the limit of five.
    for (int i = 0; i < 4; i++) {
      assertThat(post(video, token, "application/json", "{\"text\":\"more\"}").statusCode())
          .isEqualTo(201);
    }
  }

  @Test
  void historyPagesBackwardsAndForwardsByCursor() throws Exception {
    List<Comment> posted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      posted.add(
          json.readComment(
              post(video, bearer(user()), "application/json", "{\"text\":\"c" + i + "\"}").body()));
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> json.readPage(get(comments(video) + "?limit=100").body()).comments().size() == 7);

    CommentJson.HistoryPage first = json.readPage(get(comments(video) + "?limit=3").body());
    assertThat(first.comments()).extracting(Comment::text).containsExactly("c6", "c5", "c4");
    assertThat(first.hasMore()).isTrue();
    CommentJson.HistoryPage second =
        json.readPage(get(comments(video) + "?limit=3&before=" + first.nextCursor()).body());
    assertThat(second.comments()).extracting(Comment::text).containsExactly("c3", "c2", "c1");
    CommentJson.HistoryPage last =
        json.readPage(get(comments(video) + "?limit=3&before=" + second.nextCursor()).body());
    assertThat(last.comments()).extracting(Comment::text).containsExactly("c0");
    assertThat(last.hasMore()).isFalse();

    CommentJson.HistoryPage forward =
        json.readPage(get(comments(video) + "?limit=4&after=" + last.nextCursor()).body());
    assertThat(forward.comments())
        .extracting(Comment::text)
        .containsExactly("c1", "c2", "c3", "c4");
    assertThat(forward.hasMore()).isTrue();
  }

  @Test
  void badHistoryQueriesAre400() throws Exception {
    assertProblem(get(comments(video) + "?limit=0"), 400, "invalid-query-parameter");
    assertProblem(get(comments(video) + "?limit=101"), 400, "invalid-query-parameter");
    assertProblem(get(comments(video) + "?before=abc"), 400, "invalid-cursor");
    assertProblem(get(comments(video) + "?before=1&after=1"), 400, "invalid-query");
    assertProblem(get(comments(video) + "?limit=1&limit=2"), 400, "duplicate-query-parameter");
  }

  @Test
  void unknownRoutesAre404AndWrongMethodsAre405() throws Exception {
    assertProblem(get(origin.base().resolve("/nope")), 404, null);
    HttpResponse<String> wrong =
        send(
            HttpRequest.newBuilder(origin.base().resolve("/v1/videos/" + video + "/stream"))
                .DELETE());
    assertProblem(wrong, 405, null);
    assertThat(wrong.headers().firstValue("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("GET"));
  }

  @Test
  void healthReadinessAndMetricsAnswer() throws Exception {
    post(video, bearer(user()), "application/json", "{\"text\":\"counted\"}");
    post(video, bearer(user()), "application/json", "{\"text\":\"\"}");

    assertThat(get(origin.base().resolve("/healthz")).statusCode()).isEqualTo(200);
    assertThat(get(origin.base().resolve("/readyz")).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(origin.base().resolve("/metrics"));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("lc_comments_accepted_total")
        .contains("lc_comments_rejected_total{reason=\"text-empty\"}")
        .contains("lc_stream_open")
        .contains("lc_delivery_lag_seconds_bucket");
  }

  @Test
  void theDevTokenEndpointExistsOnlyWithoutAConfiguredSecret() throws Exception {
    assertThat(
            send(HttpRequest.newBuilder(origin.base().resolve("/dev/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"a\"}")))
                .statusCode())
        .isEqualTo(404);
  }

  private static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String bearer(String user) {
    return "Bearer " + origin.token(user);
  }

  private static URI comments(String video) {
    return origin.base().resolve("/v1/videos/" + video + "/comments");
  }

  private static HttpResponse<String> post(
      String video, String authorization, String type, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin.base() + "/v1/videos/" + video + "/comments"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  private static HttpResponse<String> get(Object uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri.toString())).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":" + status).contains("\"detail\":");
    if (reason != null) {
      assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
    }
  }
}
