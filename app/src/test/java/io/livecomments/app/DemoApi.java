package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.conformance.RecentWindowProbe;
import io.livecomments.json.CommentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The all-in-one API as the browser tests drive it beside the page: demo tokens, posts, hides and
 * unhides.
 */
final class DemoApi {
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CommentJson json = new CommentJson();
  private final URI base;

  DemoApi(String base) {
    this.base = URI.create(base);
  }

  /** A demo token from {@code /dev/token} for {@code user}, shown as {@code name}. */
  String token(String user, String name) throws IOException, InterruptedException {
    return mint("{\"user\":\"" + user + "\",\"name\":\"" + name + "\"}");
  }

  /** A demo token with the moderator role. */
  String moderatorToken(String user) throws IOException, InterruptedException {
    return mint("{\"user\":\"" + user + "\",\"roles\":[\"moderator\"]}");
  }

  private String mint(String body) throws IOException, InterruptedException {
    HttpResponse<String> reply = send("/dev/token", null, body);
    Matcher token = TOKEN.matcher(reply.body());
    assertThat(token.find()).as(reply.body()).isTrue();
    return token.group(1);
  }

  Comment post(String video, String token, String text) throws IOException, InterruptedException {
    HttpResponse<String> reply =
        send("/v1/videos/" + video + "/comments", token, CommentApiClient.jsonBody(text));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    return json.readComment(reply.body());
  }

  /** See {@link RecentWindowProbe#awaitFannedOut}. */
  void awaitFannedOut(String video, Comment comment) {
    RecentWindowProbe.awaitFannedOut(http, base, video, comment, Duration.ofSeconds(10));
  }

  /** Hides a comment through the moderator route. */
  void hide(String video, String commentId, String moderatorToken)
      throws IOException, InterruptedException {
    decide(video, commentId, "hide", moderatorToken);
  }

  /** Unhides a comment through the moderator route. */
  void unhide(String video, String commentId, String moderatorToken)
      throws IOException, InterruptedException {
    decide(video, commentId, "unhide", moderatorToken);
  }

  private void decide(String video, String commentId, String action, String moderatorToken)
      throws IOException, InterruptedException {
    HttpResponse<String> reply =
        send(
            "/v1/videos/" + video + "/comments/" + commentId + "/" + action,
            moderatorToken,
            "{\"reason\":\"abuse\"}");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
  }

  private HttpResponse<String> send(String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
