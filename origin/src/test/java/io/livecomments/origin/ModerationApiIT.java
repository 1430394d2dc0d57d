package io.livecomments.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.comment.Comment;
import io.livecomments.json.CommentJson;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The moderation API over HTTP: reports, the review queue, hide and unhide, and their errors. */
class ModerationApiIT {
  private static RunningOrigin origin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final CommentJson json = new CommentJson();
  private final ObjectMapper mapper = new ObjectMapper();
  private final String video = "mod-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.OFF);
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  @Test
  void oneReportPerUserAndTheThirdReporterQueuesTheComment() throws Exception {
    Comment comment = postComment("buy cheap stuff");
    String alice = user();

    HttpResponse<String> first = report(comment, alice, "{\"reason\":\"spam\",\"note\":\"ad\"}");
    HttpResponse<String> repeat = report(comment, alice, "{\"reason\":\"abuse\"}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    JsonNode made = mapper.readTree(first.body());
    assertThat(made.get("commentId").textValue()).isEqualTo(comment.id());
    assertThat(made.get("reports").intValue()).isEqualTo(1);
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(repeat.body())).isEqualTo(made);
    assertThat(queuedIds()).doesNotContain(comment.id());

    report(comment, user(), "{\"reason\":\"other\"}");
    HttpResponse<String> third = report(comment, user(), "{\"reason\":\"spam\"}");

    assertThat(mapper.readTree(third.body()).get("reports").intValue()).isEqualTo(3);
    JsonNode item = queueItem(comment.id());
    assertThat(item.get("reports").intValue()).isEqualTo(3);
    assertThat(item.get("state").textValue()).isEqualTo("visible");
    assertThat(json.readComment(item.get("comment").toString())).isEqualTo(comment);
    assertThat(item.get("labels").get(0).textValue()).isEqualTo("reported");
    assertThat(item.get("queuedAt").longValue()).isPositive();
  }

  @Test
  void badReportsAre400UnknownComments404AndMissingTokens401() throws Exception {
    Comment comment = postComment("fine");

    assertProblem(report(comment, user(), "{\"reason\":\"boring\"}"), 400, "invalid-reason");
    assertProblem(report(comment, user(), "{}"), 400, "invalid-reason");
    assertProblem(
        report(comment, user(), "{\"reason\":\"spam\",\"note\":\"" + "n".repeat(501) + "\"}"),
        400,
        "note-too-long");
    assertProblem(report(comment, user(), "[1]"), 400, "invalid-json");
    assertProblem(
        send("POST", "/v1/videos/" + video + "/comments/bad.id/reports", token(), "{}"),
        400,
        "invalid-comment-id");
    assertProblem(
        send(
            "POST",
            "/v1/videos/" + video + "/comments/nosuchcomment/reports",
            token(),
            "{\"reason\":\"spam\"}"),
        404,
        "unknown-comment");
    assertProblem(
        send("POST", reports(comment), null, "{\"reason\":\"spam\"}"), 401, "invalid-token");
  }

  @Test
  void theEleventhReportInAMinuteIsRateLimitedWithRetryAfter() throws Exception {
    Comment comment = postComment("reported a lot");
    String bob = user();
    for (int i = 0; i < 10; i++) {
      assertThat(report(comment, bob, "{\"reason\":\"spam\"}").statusCode()).isIn(200, 202);
    }

    HttpResponse<String> limited = report(comment, bob, "{\"reason\":\"spam\"}");

    assertProblem(limited, 429, "rate-limited");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(report(comment, user(), "{\"reason\":\"spam\"}").statusCode()).isEqualTo(202);
  }

  @Test
  void moderatorRoutesAre403WithoutTheRoleAnd401WithAForgedOne() throws Exception {
    Comment comment = postComment("hello");
    String forged =
        "Bearer "
            + new DevTokenIssuer(
                    "another-secret-another-secret-12345".getBytes(StandardCharsets.UTF_8),
                    Clock.systemUTC())
                .issue("mallory", "M", Duration.ofMinutes(5), false, Set.of("moderator"));

    assertProblem(send("POST", hide(comment), token(), "{}"), 403, "not-a-moderator");
    assertProblem(send("POST", unhide(comment), token(), "{}"), 403, "not-a-moderator");
    assertProblem(send("GET", "/v1/moderation/queue", token(), null), 403, "not-a-moderator");
    assertProblem(send("POST", hide(comment), forged, "{}"), 401, "invalid-token");
    assertProblem(send("GET", "/v1/moderation/queue", null, null), 401, "invalid-token");
  }

  @Test
  void aHideIsIdempotentLeavesHistoryAndAnUnhideBringsItBack() throws Exception {
    Comment kept = postComment("kept");
    Comment hidden = postComment("hidden one");
    for (int i = 0; i < 3; i++) {
      report(hidden, user(), "{\"reason\":\"abuse\"}");
    }

    HttpResponse<String> first = send("POST", hide(hidden), moderator(), "{\"reason\":\"abuse\"}");
    HttpResponse<String> again = send("POST", hide(hidden), moderator(), "{\"reason\":\"spam\"}");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode decision = mapper.readTree(first.body());
    assertThat(decision.get("videoId").textValue()).isEqualTo(video);
    assertThat(decision.get("commentId").textValue()).isEqualTo(hidden.id());
    assertThat(decision.get("hidden").booleanValue()).isTrue();
    assertThat(decision.get("seq").longValue()).isGreaterThan(hidden.seq());
    assertThat(mapper.readTree(again.body())).isEqualTo(decision);
    assertThat(queuedIds()).as("the decision resolves the queue item").doesNotContain(hidden.id());
    awaitHistory(List.of(kept.id()));

    String everything = "/v1/videos/" + video + "/comments?includeHidden=true";
    JsonNode all = mapper.readTree(send("GET", everything, moderator(), null).body());
    assertThat(all.get("comments").get(0).get("id").textValue()).isEqualTo(hidden.id());
    assertThat(all.get("comments").get(0).get("hidden").booleanValue()).isTrue();
    assertThat(all.get("comments").get(1).has("hidden")).isFalse();
    assertProblem(send("GET", everything, token(), null), 403, "not-a-moderator");
    assertProblem(send("GET", everything, null, null), 401, "invalid-token");

    HttpResponse<String> unhide = send("POST", unhide(hidden), moderator(), "");
    assertThat(unhide.statusCode()).as(unhide.body()).isEqualTo(200);
    assertThat(mapper.readTree(unhide.body()).get("hidden").booleanValue()).isFalse();
    assertThat(mapper.readTree(unhide.body()).get("seq").longValue())
        .isGreaterThan(decision.get("seq").longValue());
    awaitHistory(List.of(hidden.id(), kept.id()));

    assertProblem(
        send("POST", "/v1/videos/" + video + "/comments/nosuchcomment/hide", moderator(), ""),
        404,
        "unknown-comment");
  }

  @Test
  void theQueuePagesByCursorAndRefusesABadOne() throws Exception {
    List<Comment> comments = List.of(postComment("a"), postComment("b"), postComment("c"));
    for (Comment comment : comments) {
      for (int i = 0; i < 3; i++) {
        report(comment, user(), "{\"reason\":\"spam\"}");
      }
    }
    String cursor = null;
    java.util.List<String> seen = new java.util.ArrayList<>();
    for (int pages = 0; pages < 100; pages++) {
      String query = "/v1/moderation/queue?limit=1" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = mapper.readTree(send("GET", query, moderator(), null).body());
      page.get("items").forEach(item -> seen.add(item.get("comment").get("id").textValue()));
      if (!page.get("hasMore").booleanValue()) {
        assertThat(page.get("nextCursor").isNull()).isTrue();
        break;
      }
      cursor =
          java.net.URLEncoder.encode(page.get("nextCursor").textValue(), StandardCharsets.UTF_8);
    }
    assertThat(seen).containsSubsequence(comments.stream().map(Comment::id).toList());
    assertProblem(
        send("GET", "/v1/moderation/queue?cursor=nope", moderator(), null), 400, "invalid-cursor");
  }

  private void awaitHistory(List<String> newestFirst) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> ids = List.of();
    while (System.nanoTime() < deadline) {
      String body = send("GET", "/v1/videos/" + video + "/comments?limit=10", null, null).body();
      ids = json.readPage(body).comments().stream().map(Comment::id).toList();
      if (ids.equals(newestFirst)) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(ids).isEqualTo(newestFirst);
  }

  private List<String> queuedIds() throws Exception {
    JsonNode page =
        mapper.readTree(send("GET", "/v1/moderation/queue?limit=100", moderator(), null).body());
    List<String> ids = new java.util.ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("comment").get("id").textValue()));
    return ids;
  }

  private JsonNode queueItem(String commentId) throws Exception {
    JsonNode page =
        mapper.readTree(send("GET", "/v1/moderation/queue?limit=100", moderator(), null).body());
    for (JsonNode item : page.get("items")) {
      if (item.get("comment").get("id").textValue().equals(commentId)) {
        return item;
      }
    }
    throw new AssertionError(commentId + " is not queued: " + page);
  }

  private Comment postComment(String text) throws Exception {
    HttpResponse<String> response =
        send("POST", "/v1/videos/" + video + "/comments", token(), "{\"text\":\"" + text + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readComment(response.body());
  }

  private HttpResponse<String> report(Comment comment, String user, String body) throws Exception {
    return send("POST", reports(comment), "Bearer " + origin.token(user), body);
  }

  private String reports(Comment comment) {
    return "/v1/videos/" + video + "/comments/" + comment.id() + "/reports";
  }

  private String hide(Comment comment) {
    return "/v1/videos/" + video + "/comments/" + comment.id() + "/hide";
  }

  private String unhide(Comment comment) {
    return "/v1/videos/" + video + "/comments/" + comment.id() + "/unhide";
  }

  private static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String token() {
    return "Bearer " + origin.token(user());
  }

  private static String moderator() {
    return "Bearer " + origin.moderatorToken("mod-" + UUID.randomUUID().toString().substring(0, 4));
  }

  private static HttpResponse<String> send(
      String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin.base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
  }
}
