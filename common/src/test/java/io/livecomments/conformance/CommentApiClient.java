package io.livecomments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.json.CommentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Posts comments (and a moderator's decisions) to an origin's API as a test client would. */
public final class CommentApiClient {
  private final HttpClient http;
  private final URI origin;
  private final Function<String, String> tokens;
  private final CommentJson json = new CommentJson();

  /**
   * @param tokens a bearer token for a user id
   */
  public CommentApiClient(HttpClient http, URI origin, Function<String, String> tokens) {
    this.http = http;
    this.origin = origin;
    this.tokens = tokens;
  }

  /** Posts a comment and returns it as acknowledged; fails the test unless the answer is 201. */
  public Comment post(String videoId, String user, String text)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(videoId, user, jsonBody(text));
    assertThat(response.statusCode()).as("POST answer: %s", response.body()).isEqualTo(201);
    return json.readComment(response.body());
  }

  public HttpResponse<String> send(String videoId, String user, String body)
      throws IOException, InterruptedException {
    return postAs(user, "/v1/videos/" + videoId + "/comments", body);
  }

  /**
   * Hides or unhides a comment as {@code user} (whose token must carry the moderator role) and
   * returns the decision's seq; fails the test unless the answer is 200.
   */
  public long decide(String videoId, String commentId, Moderation.Action action, String user)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        postAs(
            user,
            "/v1/videos/" + videoId + "/comments/" + commentId + "/" + action.wire(),
            "{\"reason\":\"by a test\"}");
    assertThat(response.statusCode()).as("%s answer: %s", action, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body()).get("seq").longValue();
  }

  private HttpResponse<String> postAs(String user, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(origin.resolve(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + tokens.apply(user))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** {"text": ...} with the text JSON-escaped. */
  public static String jsonBody(String text) {
    StringBuilder out = new StringBuilder("{\"text\":\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append("\"}").toString();
  }
}
